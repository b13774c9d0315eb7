using Keygate.Hosting;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Webhooks;

/// <summary>
/// Sends due deliveries every second (on the injected clock) and reschedules failures with exponential
/// backoff until <see cref="WebhookOptions.MaxAttempts"/>; trims the log to its retention once an hour.
/// Deliveries are at least once and in no guaranteed order: receivers drop repeats by <c>X-Keygate-Delivery</c>.
/// </summary>
internal sealed partial class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSender sender, IOptions<WebhookOptions> options,
    WebhookMetrics metrics, TimeProvider time, ILogger<WebhookDispatcher> logger) : PeriodicService(time)
{
    private const int BatchSize = 32;
    // Bounds how long a slow receiver holds up the rest: at most this many attempts wait on receivers at once.
    private const int Parallelism = 8;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private readonly WebhookOptions _options = options.Value;
    private DateTimeOffset _nextPurge;

    protected override TimeSpan Interval => PollInterval;

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await SendDueAsync(cancellationToken);
        await PurgeAsync(cancellationToken);
    }

    protected override void ReportFailure(Exception exception) => LogPassFailed(logger, exception);

    private async Task SendDueAsync(CancellationToken stoppingToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken };
        List<string> claimed;
        do
        {
            claimed = await ClaimDueAsync(stoppingToken);
            await Parallel.ForEachAsync(claimed, parallel, AttemptAsync);
        }
        while (claimed.Count == BatchSize);
    }

    /// <summary>
    /// Takes due deliveries by moving their next attempt past the time this batch can take (every receiver
    /// timing out), each with a conditional update: of several nodes only one sends a delivery, and an
    /// attempt cut short by a crash is made again once that time has passed instead of being lost.
    /// </summary>
    private async Task<List<string>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var now = Time.GetUtcNow().UtcDateTime;
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
        var leaseEnds = now + TimeSpan.FromSeconds(_options.TimeoutSeconds * ((BatchSize / Parallelism) + 1));
        var claimed = new List<string>(due.Count);
        foreach (var id in due)
        {
            var taken = await db.WebhookDeliveries
                .Where(d => d.Id == id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(d => d.SetProperty(x => x.NextAttemptAt, leaseEnds), cancellationToken);
            if (taken == 1)
            {
                claimed.Add(id);
            }
        }
        return claimed;
    }

    private async ValueTask AttemptAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await AttemptOnceAsync(id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One delivery's trouble must not stop the rest of the batch; this one is tried again when its claim runs out.
            LogAttemptCrashed(logger, exception, id);
        }
    }

    private async Task AttemptOnceAsync(string id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        var subscription = delivery is null
            ? null
            : await db.WebhookSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
        if (delivery is null || subscription is null)
        {
            return; // deleted with its subscription meanwhile
        }
        var outcome = subscription.Active
            ? await sender.SendAsync(subscription, delivery, cancellationToken)
            : new AttemptOutcome(false, null, "The subscription is inactive.");
        Record(delivery, outcome, retry: subscription.Active);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return; // the subscription, and so this delivery, was deleted during the attempt
        }
        Log(delivery, outcome);
        metrics.Attempted(delivery.Status);
    }

    private void Record(WebhookDelivery delivery, AttemptOutcome outcome, bool retry)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        delivery.Attempts++;
        delivery.LastStatusCode = outcome.StatusCode;
        delivery.LastError = outcome.Error?.Length > 200 ? outcome.Error[..200] : outcome.Error;
        if (outcome.Delivered)
        {
            delivery.Status = DeliveryStatus.Delivered;
            delivery.DeliveredAt = now;
            delivery.NextAttemptAt = null;
        }
        else if (!retry || delivery.Attempts >= _options.MaxAttempts)
        {
            delivery.Status = DeliveryStatus.Failed;
            delivery.NextAttemptAt = null;
        }
        else
        {
            delivery.NextAttemptAt = now + _options.RetryDelay(delivery.Attempts);
        }
    }

    private void Log(WebhookDelivery delivery, AttemptOutcome outcome)
    {
        switch (delivery.Status)
        {
            case DeliveryStatus.Delivered:
                LogDelivered(logger, delivery.Id, delivery.EventType, delivery.SubscriptionId, delivery.Attempts, outcome.StatusCode);
                break;
            case DeliveryStatus.Failed:
                LogGaveUp(logger, delivery.Id, delivery.EventType, delivery.SubscriptionId, delivery.Attempts, outcome.Error);
                break;
            default:
                LogWillRetry(logger, delivery.Id, delivery.EventType, delivery.SubscriptionId, delivery.Attempts, outcome.Error, delivery.NextAttemptAt);
                break;
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        if (now < _nextPurge)
        {
            return;
        }
        _nextPurge = now + PurgeInterval;
        var cutoff = now.UtcDateTime.AddDays(-_options.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var removed = await db.WebhookDeliveries.Where(d => d.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            LogPurged(logger, removed, _options.RetentionDays);
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information,
        Message = "Webhook delivery {DeliveryId} ({EventType}) to subscription {SubscriptionId} delivered on attempt {Attempt}: HTTP {StatusCode}")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string eventType, string subscriptionId, int attempt, int? statusCode);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning,
        Message = "Webhook delivery {DeliveryId} ({EventType}) to subscription {SubscriptionId} failed attempt {Attempt}: {Error}; next attempt at {NextAttemptAt:o}")]
    private static partial void LogWillRetry(ILogger logger, string deliveryId, string eventType, string subscriptionId, int attempt, string? error, DateTime? nextAttemptAt);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning,
        Message = "Webhook delivery {DeliveryId} ({EventType}) to subscription {SubscriptionId} given up after {Attempt} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string deliveryId, string eventType, string subscriptionId, int attempt, string? error);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Removed {Count} webhook deliveries older than {Days} days")]
    private static partial void LogPurged(ILogger logger, int count, int days);

    [LoggerMessage(EventId = 605, Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId}: the attempt could not be made or recorded; it is claimed again later")]
    private static partial void LogAttemptCrashed(ILogger logger, Exception exception, string deliveryId);

    [LoggerMessage(EventId = 604, Level = LogLevel.Error, Message = "A webhook dispatch pass failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
