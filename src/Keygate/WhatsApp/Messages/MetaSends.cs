using System.Collections.Concurrent;
using System.Text.Json;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Usage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Sends to Meta, run apart from the request that asked for them. The caller waits one attempt's time
/// (<see cref="MetaOptions.AttemptTimeoutSeconds"/>); a send Meta has not answered by then is not cancelled, since
/// Meta may already be delivering it: it goes on (up to <see cref="MetaOptions.SendTimeoutSeconds"/>) while the caller
/// hears 503 "may have been sent". Whenever Meta answers, the answer is the send's: history (through
/// <see cref="MetaProvider"/>), the key's message usage, and the answer kept under the send's Idempotency-Key.
/// </summary>
internal sealed partial class MetaSends(IServiceScopeFactory scopes, IdempotentSends idempotency, KeyObservations observations,
    IOptions<MetaOptions> options, TimeProvider time, ILogger<MetaSends> logger) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    // A host may be stopped twice (its own run, then its owner's stop), the second stop racing the container's disposal.
    private readonly Lock _gate = new();
    private bool _disposed;

    public sealed record Request(PhoneNumber Number, KeySnapshot? Key, OutgoingMessage Message, string Body, IdempotencyTicket? Ticket, string TraceId);

    /// <summary>Meta's answer (or Keygate's, when Meta could not be reached); null when none came within one attempt's time.</summary>
    public async Task<MetaAnswer?> SendAsync(Request request, CancellationToken requestAborted)
    {
        // The attempt's clock starts before the call leaves, so it is running by the time Meta holds the call.
        using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.AttemptTimeoutSeconds), time);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(attempt.Token, requestAborted);
        var send = RunAsync(request);
        _running.TryAdd(send, true);
        _ = send.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await send.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (attempt.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Completes once every send in flight now has its outcome stored.</summary>
    public Task WhenSettledAsync() => Task.WhenAll(_running.Keys);

    private async Task<MetaAnswer> RunAsync(Request request)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, _stopping.Token);
        MetaAnswer answer;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var meta = scope.ServiceProvider.GetRequiredService<MetaProvider>();
            answer = await meta.SendAsync(request.Number, request.Key?.Id, request.Message, request.Body, linked.Token);
        }
        catch (Exception exception) when (MetaCloudClient.NeverConnected(exception))
        {
            LogUnreachable(logger, exception, request.Number.Id);
            if (request.Ticket is { } unused)
            {
                await idempotency.ReleaseAsync(unused);
            }
            return Unavailable(request, "Meta's Cloud API could not be reached; the message was not sent.");
        }
        catch (Exception exception)
        {
            // Whatever else went wrong, the request may have reached Meta: the outcome is unknown, and is kept as such.
            LogNoAnswer(logger, exception, request.Number.Id);
            answer = Unavailable(request, "Meta's Cloud API did not answer; the message may have been sent.");
        }
        if (answer.Succeeded && request.Key is { } key)
        {
            // Meta may answer after the request's observation: the message is metered when it was accepted, whenever that is.
            observations.Accepted(new AcceptedMessage(key, request.Message.Type, time.GetUtcNow()));
        }
        if (request.Ticket is { } ticket)
        {
            await idempotency.CompleteAsync(ticket, answer);
        }
        return answer;
    }

    private static MetaAnswer Unavailable(Request request, string message) =>
        new(503, JsonSerializer.Serialize(MetaErrors.Envelope(request.TraceId, 2, message, ProblemCodes.Unavailable), JsonSerializerOptions.Web));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends in flight get until the host's shutdown deadline to bring Meta's answer home; then they are cut short, their outcome unknown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await WhenSettledAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _stopping.Cancel();
        }
        await WhenSettledAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stopping.Dispose();
        }
    }

    [LoggerMessage(EventId = 620, Level = LogLevel.Warning, Message = "Meta's Cloud API could not be reached for a send through {PhoneNumberId}; nothing was sent")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string phoneNumberId);

    [LoggerMessage(EventId = 621, Level = LogLevel.Error, Message = "A send through {PhoneNumberId} got no answer from Meta; it may have been sent")]
    private static partial void LogNoAnswer(ILogger logger, Exception exception, string phoneNumberId);
}
