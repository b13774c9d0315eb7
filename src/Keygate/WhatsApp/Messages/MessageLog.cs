using System.Threading.Channels;
using Keygate.Storage;
using Keygate.WhatsApp.Webhooks;
using Microsoft.EntityFrameworkCore;

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

    private sealed record Pending(Message? New, StatusUpdate? Update, TaskCompletionSource Done);

    public sealed record StatusUpdate(string MessageId, MessageState Status, DateTime At, string? Error);

    public Task AddAsync(Message message) => Enqueue(new Pending(message, null, NewCompletion()));

    public Task UpdateAsync(StatusUpdate update) => Enqueue(new Pending(null, update, NewCompletion()));

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
            var fresh = batch.Where(p => p.New is not null).Select(p => p.New!).DistinctBy(m => m.Id).ToList();
            var ids = fresh.Select(m => m.Id).ToList();
            // A message delivered twice (Meta retries its webhooks) is stored once, and told to subscribers once.
            var known = await db.Messages.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync();
            var added = fresh.Where(m => !known.Contains(m.Id)).ToList();
            db.Messages.AddRange(added);
            await db.SaveChangesAsync();
            var events = new MessageEventQueue(db, scope.ServiceProvider.GetRequiredService<WebhookPublisher>());
            foreach (var message in added.Where(m => m.Direction == MessageDirection.Inbound))
            {
                await events.InboundAsync(message);
            }
            await ApplyAsync(db, [.. batch.Where(p => p.Update is not null).Select(p => p.Update!)], events);
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

    /// <summary>
    /// Every status joins the timeline once (a repeated webhook is ignored); the message's current status only
    /// moves forward, so a "delivered" that arrives after "read" is recorded but does not undo it. A status
    /// for a message Keygate never saw (sent around it) is dropped. The batch's messages and their known
    /// statuses are read in two queries, whatever the batch's size.
    /// </summary>
    private static async Task ApplyAsync(KeygateDbContext db, List<StatusUpdate> updates, MessageEventQueue events)
    {
        if (updates.Count == 0)
        {
            return;
        }
        var ids = updates.Select(u => u.MessageId).Distinct().ToList();
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id);
        var known = (await db.MessageStatusChanges.Where(c => ids.Contains(c.MessageId)).Select(c => new { c.MessageId, c.Status, c.At }).ToListAsync())
            .Select(c => (c.MessageId, c.Status, c.At)).ToHashSet();
        foreach (var update in updates)
        {
            if (!messages.TryGetValue(update.MessageId, out var message) || !known.Add((update.MessageId, update.Status, update.At)))
            {
                continue;
            }
            db.MessageStatusChanges.Add(new MessageStatusChange { MessageId = update.MessageId, Status = update.Status, At = update.At, Error = update.Error });
            if (message.Status != MessageState.Failed
                && (message.Status < update.Status || (message.Status == MessageState.Received && update.Status == MessageState.Read)))
            {
                message.Status = update.Status;
                message.UpdatedAt = update.At;
            }
            await events.StatusAsync(message, update);
        }
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "Writing {Count} message history changes failed")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
