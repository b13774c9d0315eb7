using System.Threading.Channels;
using Keygate.Storage;
using Keygate.Webhooks;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Writes message history with group commit: every send waits until its message is durably stored, but
/// the sends that arrive while one batch commits share the next commit, so a busy number costs one
/// fsync per batch instead of one per message. Status changes go through the same queue, after the
/// messages they follow.
/// </summary>
internal sealed partial class MessageLog(IServiceScopeFactory scopes, ILogger<MessageLog> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    private sealed record Pending(Message? New, IReadOnlyList<StatusUpdate>? Updates, TaskCompletionSource Done);

    /// <summary>
    /// A status for a message. With an <c>Owner</c>, it applies only to a message of that account's number:
    /// statuses from outside (Meta's webhooks) carry the number whose app secret signed them, so that no tenant
    /// can name another tenant's wamid; Keygate's own (the sandbox, mark-as-read) name messages they already know.
    /// </summary>
    public sealed record StatusUpdate(string MessageId, MessageState Status, DateTime At, string? Error, MessageOwner? Owner = null, StatusExtras? Extras = null);

    public sealed record MessageOwner(string AccountId, string PhoneNumberId);

    public Task AddAsync(Message message) => Enqueue(new Pending(message, null, NewCompletion()));

    public Task UpdateAsync(StatusUpdate update) => UpdateManyAsync([update]);

    /// <summary>Several status changes that need only one wait between them (the sandbox's due statuses).</summary>
    public Task UpdateManyAsync(IReadOnlyList<StatusUpdate> updates) =>
        updates.Count == 0 ? Task.CompletedTask : Enqueue(new Pending(null, updates, NewCompletion()));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteBatchAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        while (_queue.Reader.TryPeek(out _))
        {
            await WriteBatchAsync();
        }
    }

    private Task Enqueue(Pending pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Done.SetException(new InvalidOperationException("Message history is not accepting writes."));
        }
        return pending.Done.Task;
    }

    private async Task WriteBatchAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using var history = HistoryStatements.Prepare(db);
            var events = new MessageEventQueue(db, scope.ServiceProvider.GetRequiredService<WebhookPublisher>());
            foreach (var message in batch.Where(p => p.New is not null).Select(p => p.New!))
            {
                // A message delivered twice (Meta retries its webhooks) is stored once, and told to subscribers once.
                if (await history.AddMessageAsync(message) && message.Direction == MessageDirection.Inbound)
                {
                    await events.InboundAsync(message);
                }
            }
            foreach (var update in batch.Where(p => p.Updates is not null).SelectMany(p => p.Updates!))
            {
                if (await history.AddStatusAsync(update))
                {
                    await events.StatusAsync(update);
                }
            }
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception, batch.Count);
            batch.ForEach(p => p.Done.TrySetException(exception));
        }
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Writing {Count} message history changes failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
