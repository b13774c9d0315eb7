using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A subscriber's webhook endpoint on a loopback port (or any other receiver Keygate posts to, such as a trace collector):
/// keeps each request's headers and exact body bytes, and answers with the next status the test queued (200 once none are left).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _answers;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    // Completed (and replaced) by each request, so a waiter wakes on arrival rather than polling.
    private TaskCompletionSource _arrival = NewSignal();

    private readonly string _path;

    private WebhookReceiver(WebApplication app, string path, int[] answers)
    {
        _app = app;
        _path = path;
        _answers = new ConcurrentQueue<int>(answers);
    }

    public static Task<WebhookReceiver> StartAsync(params int[] answers) => StartAtAsync("/hook", answers);

    /// <summary>A receiver of POSTs to <paramref name="path"/>.</summary>
    public static async Task<WebhookReceiver> StartAtAsync(string path, params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, path, answers);
        app.MapPost(path, receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    public string Url => Origin + _path;

    /// <summary>Scheme, host and port, without the path.</summary>
    public string Origin => _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The first request that matches, once it has arrived; fails after <paramref name="within"/> (10 s unless given) without one.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan? within = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = Volatile.Read(ref _arrival).Task;
            if (Received.FirstOrDefault(match) is { } hit)
            {
                return hit;
            }
            try
            {
                await next.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"No matching webhook arrived; {_received.Count} others did.");
            }
        }
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new ReceivedWebhook(headers, body.ToArray()));
        context.Response.StatusCode = _answers.TryDequeue(out var status) ? status : 200;
        Interlocked.Exchange(ref _arrival, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Event => Headers["X-Keygate-Event"];
}
