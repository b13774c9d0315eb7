using System.Text.Json.Nodes;
using Keygate.WhatsApp.Messages;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// Plays the part of the recipient's phone for sandbox messages: moves each one through sent → delivered
/// → read (or to failed, with Meta's error object) on the configured delay, as Meta's status webhooks would.
/// </summary>
internal sealed class SandboxStatusPump(MessageLog log, IOptions<SandboxOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private readonly PriorityQueue<MessageLog.StatusUpdate, DateTimeOffset> _due = new();
    private readonly Lock _gate = new();

    public void Schedule(string wamid, string waId)
    {
        var now = time.GetUtcNow();
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(Tick, time, stoppingToken);
                // Handed over together, so that they share the history writer's next commit instead of taking one each.
                await log.UpdateManyAsync(TakeDue());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private List<MessageLog.StatusUpdate> TakeDue()
    {
        var now = time.GetUtcNow();
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
        ["code"] = 131026,
        ["title"] = "Message undeliverable",
        ["message"] = "Message undeliverable",
        ["error_data"] = new JsonObject { ["details"] = "The sandbox fails messages to numbers ending in its failing suffix." },
    }).ToJsonString();
}
