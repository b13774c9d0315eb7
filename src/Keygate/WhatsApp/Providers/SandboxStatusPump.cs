using System.Text.Json.Nodes;
using Keygate.Hosting;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Messages;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// Plays the part of the recipient's phone for sandbox messages: moves each one through sent → delivered
/// → read (or to failed, with Meta's error object) on the configured delay, as Meta's status webhooks would.
/// </summary>
internal sealed partial class SandboxStatusPump(MessageLog log, IOptions<SandboxOptions> options, TimeProvider time, ILogger<SandboxStatusPump> logger)
    : PeriodicService(time)
{
    private readonly PriorityQueue<MessageLog.StatusUpdate, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();

    public void Schedule(string wamid, string waId)
    {
        var now = Time.GetUtcNow();
        var step = TimeSpan.FromMilliseconds(options.Value.StatusStepMilliseconds);
        lock (_gate)
        {
            Add(wamid, MessageState.Sent, now, null);
            if (waId.EndsWith(options.Value.FailingSuffix, StringComparison.Ordinal))
            {
                Add(wamid, MessageState.Failed, now + step, Undeliverable);
                return;
            }
            Add(wamid, MessageState.Delivered, now + step, null);
            Add(wamid, MessageState.Read, now + step + step, null);
        }
    }

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(50);

    // Handed over together, so that they share the history writer's next commit instead of taking one each.
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => log.UpdateManyAsync(TakeDue());

    protected override void ReportFailure(Exception exception) => LogFailed(logger, exception);

    private List<MessageLog.StatusUpdate> TakeDue()
    {
        var now = Time.GetUtcNow();
        var due = new List<MessageLog.StatusUpdate>();
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

    private void Add(string wamid, MessageState status, DateTimeOffset at, string? error) =>
        _due.Enqueue(new MessageLog.StatusUpdate(wamid, status, at.UtcDateTime, error), at);

    /// <summary>Meta's error object for a message that could not be delivered.</summary>
    private static readonly string Undeliverable = new JsonArray(new JsonObject
    {
        ["code"] = MetaErrors.Undeliverable,
        ["title"] = "Message undeliverable",
        ["message"] = "Message undeliverable",
        ["error_data"] = new JsonObject { ["details"] = "The sandbox fails messages to numbers ending in its failing suffix." },
    }).ToJsonString();

    [LoggerMessage(EventId = 610, Level = LogLevel.Error, Message = "Writing the sandbox's due statuses failed; those statuses are dropped")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
