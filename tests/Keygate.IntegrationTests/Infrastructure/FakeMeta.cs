using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A local stand-in for Meta's Cloud API, honouring its contract for the messages call: Bearer token or
/// error 190, Meta's success body with a wamid, Meta's error envelope. Tests script what it answers next
/// (a 5xx, a throughput error, a slow answer) and read what it received.
/// </summary>
public sealed class FakeMeta : IAsyncDisposable
{
    public const string AccessToken = "EAAG-fake-meta-access-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Scripted> _script = new();

    private FakeMeta(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? Authorization, string Body)> Received { get; } = new();

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public static async Task<FakeMeta> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeMeta(app);
        app.MapPost("/{version}/{phoneNumberId}/messages", fake.AnswerAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>The next call gets this answer (after <paramref name="delay"/>), instead of a success.</summary>
    public void ThenAnswer(int status, int? metaCode = null, TimeSpan? delay = null, string? retryAfter = null) =>
        _script.Enqueue(new Scripted(status, metaCode, delay, retryAfter));

    /// <summary>The next call gets exactly this body with this status: an answer in a shape Meta does not document.</summary>
    public void ThenAnswerRaw(int status, string body) => _script.Enqueue(new Scripted(status, null, null, null, body));

    private async Task AnswerAsync(HttpContext context, string phoneNumberId)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        Received.Enqueue((context.Request.Path.Value!, authorization, body));
        if (authorization != $"Bearer {AccessToken}")
        {
            await Error(context, 401, 190, "Invalid OAuth access token - Cannot parse access token");
            return;
        }
        if (_script.TryDequeue(out var scripted))
        {
            if (scripted.Delay is { } delay)
            {
                await Task.Delay(delay);
            }
            if (scripted.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfter;
            }
            if (scripted.RawBody is not null)
            {
                context.Response.StatusCode = scripted.Status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(scripted.RawBody);
                return;
            }
            if (scripted.Status != 200)
            {
                await Error(context, scripted.Status, scripted.MetaCode ?? 1, "Scripted failure");
                return;
            }
        }
        var to = JsonNode.Parse(body)?["to"]?.GetValue<string>() ?? "";
        await context.Response.WriteAsJsonAsync(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = to, wa_id = new string(to.Where(char.IsAsciiDigit).ToArray()) } },
            messages = new[] { new { id = "wamid.META" + Guid.NewGuid().ToString("N") } },
        });
    }

    private static async Task Error(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new
        {
            error = new { message = $"(#{code}) {message}", type = "OAuthException", code, fbtrace_id = "AFakeTraceId" },
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed record Scripted(int Status, int? MetaCode, TimeSpan? Delay, string? RetryAfter, string? RawBody = null);
}
