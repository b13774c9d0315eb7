using Keygate.Hosting;
using Keygate.Usage;
using Keygate.WhatsApp.Messages;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// Plays the part of the recipient's phone for sandbox messages: moves each one through sent → delivered
/// → read (or to failed, with Meta's error object) on the configured delay, as Meta's status webhooks would,
/// with the pricing, conversation and callback data Meta's statuses carry. A message is counted in usage by
/// its pricing category once, when it is sent, as Meta prices it.
/// </summary>
internal sealed partial class SandboxStatusPump(MessageLog log, UsageRecorder usage, IOptions<SandboxOptions> options, TimeProvider time,
    ILogger<SandboxStatusPump> logger) : PeriodicService(time)
{
    private readonly PriorityQueue<Due, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();

    /// <summary>A message the sandbox accepted: whose it is, for usage.</summary>
    public sealed record Sent(string Wamid, string WaId, string AccountId, string? KeyId);

    /// <summary>A status to tell when its time comes; <c>Priced</c> when telling it counts the message in usage.</summary>
    private sealed record Due(MessageLog.StatusUpdate Update, Sent Message, string? Priced);

    public void Schedule(Sent message, SandboxDelivery delivery)
    {
        var now = Time.GetUtcNow();
        var step = TimeSpan.FromMilliseconds(options.Value.StatusStepMilliseconds);
        lock (_gate)
        {
            // Meta fails a message it will not deliver without sending it first, and charges nothing for it.
            if (delivery.Failure is { } failure)
            {
                Add(message, MessageState.Failed, now + step, failure, null, delivery);
                return;
            }
            if (message.WaId.EndsWith(options.Value.FailingSuffix, StringComparison.Ordinal))
            {
                Add(message, MessageState.Sent, now, null, null, delivery);
                Add(message, MessageState.Failed, now + step, DeliveryError.Undeliverable, null, delivery);
                return;
            }
            var extras = delivery.Category is { } category ? StatusExtras.Priced(category, message.Wamid, now.UtcDateTime, delivery.CallbackData) : null;
            Add(message, MessageState.Sent, now, null, delivery.Category, delivery, extras);
            Add(message, MessageState.Delivered, now + step, null, null, delivery, extras);
            Add(message, MessageState.Read, now + step + step, null, null, delivery, extras);
        }
    }

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(50);

    // Handed over together, so that they share the history writer's next commit instead of taking one each.
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var due = TakeDue();
        await log.UpdateManyAsync([.. due.Select(d => d.Update)]);
        foreach (var priced in due.Where(d => d.Priced is not null && d.Message.KeyId is not null))
        {
            usage.RecordCategory(priced.Message.KeyId!, priced.Message.AccountId, priced.Priced!, new DateTimeOffset(priced.Update.At, TimeSpan.Zero));
        }
    }

    protected override void ReportFailure(Exception exception) => LogFailed(logger, exception);

    private List<Due> TakeDue()
    {
        var now = Time.GetUtcNow();
        var due = new List<Due>();
        lock (_gate)
        {
            while (_due.TryPeek(out var update, out var at) && at <= now)
            {
                _due.Dequeue();
                due.Add(update);
            }
        }
        return due;
    }

    private void Add(Sent message, MessageState status, DateTimeOffset at, DeliveryError? error, string? priced, SandboxDelivery delivery, StatusExtras? extras = null)
    {
        extras ??= delivery.CallbackData is { } data ? new StatusExtras(null, null, null, data) : null;
        _due.Enqueue(new Due(new MessageLog.StatusUpdate(message.Wamid, status, at.UtcDateTime, error?.ToJson(), Extras: extras), message, priced), at);
    }

    [LoggerMessage(EventId = 610, Level = LogLevel.Error, Message = "Writing the sandbox's due statuses failed; those statuses are dropped")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
