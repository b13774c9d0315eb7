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
/// A local stand-in for Meta's Cloud API, honouring its contract for the messages call (Bearer token or
/// error 190, Meta's success body with a wamid, Meta's error envelope) and for reading a phone number and a WABA's
/// numbers, which answer only a token that owns them (<see cref="Owns"/>). Tests script what it answers next
/// (a 5xx, a throughput error, a slow answer) and read what it received.
/// </summary>
public sealed partial class FakeMeta : IAsyncDisposable
{
    public const string AccessToken = "EAAG-fake-meta-access-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Scripted> _script = new();
    private readonly ConcurrentDictionary<(string Token, string PhoneNumberId), string> _owned = new();

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
        fake.MapGraph(app);
        app.MapPost("/{version}/{phoneNumberId}/messages", fake.AnswerAsync);
        app.MapGet("/{version}/{phoneNumberId}", fake.PhoneNumberAsync);
        app.MapGet("/{version}/{wabaId}/phone_numbers", fake.WabaPhoneNumbersAsync);
        fake.MapTemplates(app);
        await app.StartAsync();
        return fake;
    }

    /// <summary>
    /// <paramref name="accessToken"/> may read the number, which belongs to <paramref name="wabaId"/>: Meta answers the
    /// number's record and lists it among the WABA's numbers to that token only.
    /// </summary>
    public void Owns(string accessToken, string phoneNumberId, string wabaId) =>
        _owned[(accessToken, phoneNumberId)] = wabaId;

    /// <summary>The next call gets this answer instead of a success.</summary>
    public void ThenAnswer(int status, int? metaCode = null, string? retryAfter = null) =>
        _script.Enqueue(new Scripted(status, metaCode, retryAfter));

    /// <summary>The next call gets exactly this body with this status: an answer in a shape Meta does not document.</summary>
    public void ThenAnswerRaw(int status, string body) => _script.Enqueue(new Scripted(status, null, null, body));

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
            if (scripted.Hold is { } hold)
            {
                _holding.TrySetResult();
                await hold;
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
        if (IsMarkAsRead(body))
        {
            await context.Response.WriteAsJsonAsync(new { success = true });
            return;
        }
        var to = JsonNode.Parse(body)?["to"]?.GetValue<string>() ?? "";
        await context.Response.WriteAsJsonAsync(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = to, wa_id = new string(to.Where(char.IsAsciiDigit).ToArray()) } },
            messages = new[] { new { id = "wamid.META" + Guid.NewGuid().ToString("N") } },
        });
    }

    /// <summary>
    /// <c>GET /{version}/{phone-number-id}</c> as Meta's reference answers it: the number's record (<see cref="NumberRecord"/>) to a token that may
    /// read the number; 403 code 200 to a valid token that may not; 404 code 803 for an id no token knows; 401 code 190
    /// for a token Meta never issued.
    /// </summary>
    private async Task PhoneNumberAsync(HttpContext context, string phoneNumberId)
    {
        if (TokenOf(context) is not { } token)
        {
            await Error(context, 401, 190, "Invalid OAuth access token");
            return;
        }
        if (await GraphObjectAsync(context, phoneNumberId, token))
        {
            return;
        }
        if (_owned.ContainsKey((token, phoneNumberId)))
        {
            await context.Response.WriteAsJsonAsync(NumberRecord(phoneNumberId, context.Request));
            return;
        }
        if (_owned.Keys.Any(k => k.PhoneNumberId == phoneNumberId))
        {
            await Error(context, 403, 200, "Your app doesn't have permission to access this phone number", subcode: 1349174);
            return;
        }
        await Error(context, 404, 803, "Phone number not found", type: "GraphMethodException");
    }

    /// <summary><c>GET /{version}/{waba-id}/phone_numbers</c>: the numbers of the WABA this token may read, in one page.</summary>
    private async Task WabaPhoneNumbersAsync(HttpContext context, string wabaId)
    {
        if (TokenOf(context) is not { } token)
        {
            await Error(context, 401, 190, "Invalid OAuth access token");
            return;
        }
        var numbers = _owned.Where(o => o.Key.Token == token && o.Value == wabaId).Select(o => new { id = o.Key.PhoneNumberId }).ToArray();
        if (numbers.Length == 0)
        {
            await Error(context, 403, 200, "Your app doesn't have permission to access this WhatsApp Business Account");
            return;
        }
        await context.Response.WriteAsJsonAsync(new { data = numbers, paging = new { cursors = new { before = "QVFIU", after = "QVFIU" } } });
    }

    /// <summary>A token Meta issued: the one every test uses, or one a test gave numbers to.</summary>
    private string? TokenOf(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        return token == AccessToken || (token is not null && _owned.Keys.Any(k => k.Token == token)) ? token : null;
    }

    private static async Task Error(HttpContext context, int status, int code, string message, int? subcode = null, string type = "OAuthException")
    {
        context.Response.StatusCode = status;
        var error = new JsonObject { ["message"] = $"(#{code}) {message}", ["type"] = type, ["code"] = code };
        if (subcode is not null)
        {
            error["error_subcode"] = subcode;
        }
        error["fbtrace_id"] = "AFakeTraceId";
        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = error });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed record Scripted(int Status, int? MetaCode, string? RetryAfter, string? RawBody = null, Task? Hold = null);
}
