using System.Text.Json.Nodes;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Webhooks;

/// <summary>
/// The seam other features call to send an event to an account's webhooks: one pending delivery per
/// matching active subscription, stored in the database, so a restart loses none. <see cref="WebhookDispatcher"/>
/// sends them. Scoped: it works in the caller's <see cref="KeygateDbContext"/>.
/// </summary>
internal sealed class WebhookPublisher(KeygateDbContext db, TimeProvider time)
{
    /// <summary>
    /// Whether <paramref name="accountId"/>, or any account when it is null, has an active subscription: most have none,
    /// and a caller asking first spares itself building events nobody would receive.
    /// </summary>
    public Task<bool> HasSubscribersAsync(string? accountId, CancellationToken cancellationToken) => accountId is null
        ? db.WebhookSubscriptions.AnyAsync(s => s.Active, cancellationToken)
        : db.WebhookSubscriptions.AnyAsync(s => s.AccountId == accountId && s.Active, cancellationToken);

    /// <summary>
    /// Queues the event and saves. Saving is the context's own: changes the caller has made in this scope
    /// (a status update, say) land in the same save, so an event is never stored without the change it reports.
    /// </summary>
    /// <param name="accountId">Whose subscriptions receive it.</param>
    /// <param name="eventType">One of <see cref="WebhookEvents.Subscribable"/>.</param>
    /// <param name="phoneNumberId">The phone number the event concerns (subscriptions bound to other numbers skip it), or null for an account-wide event.</param>
    /// <param name="payload">Sent as is: for messages and statuses, Meta's payload.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    public async Task PublishAsync(string accountId, string eventType, string? phoneNumberId, JsonObject payload, CancellationToken cancellationToken)
    {
        await QueueAsync(accountId, eventType, phoneNumberId, payload, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Like <see cref="PublishAsync"/> but leaves saving to the caller, for a change saved in a transaction of its own (with its audit entry, say).</summary>
    public Task QueueAsync(string accountId, string eventType, string? phoneNumberId, JsonObject payload, CancellationToken cancellationToken) =>
        QueueAsync(accountId, eventType, phoneNumberId, payload.ToJsonString(), sourceKey: null, cancellationToken);

    /// <summary>
    /// Queues <paramref name="payload"/> (JSON, sent byte for byte) to each matching subscription that has not been
    /// given <paramref name="sourceKey"/> before, and saves: the forwarding of a change Meta may send again.
    /// </summary>
    public async Task PublishOnceAsync(string accountId, string eventType, string? phoneNumberId, string payload, string sourceKey, CancellationToken cancellationToken)
    {
        await QueueAsync(accountId, eventType, phoneNumberId, payload, sourceKey, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // Meta re-sends a change it has not heard back about, and a copy may be saved by another request between our
            // check and our insert; the unique index on (subscription, source) then refuses ours. Queue again: the check
            // now sees what the other copy saved, so Meta gets its 200 rather than a 500 for an event already kept.
            db.ChangeTracker.Clear();
            await QueueAsync(accountId, eventType, phoneNumberId, payload, sourceKey, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task QueueAsync(string accountId, string eventType, string? phoneNumberId, string payload, string? sourceKey, CancellationToken cancellationToken)
    {
        if (!WebhookEvents.IsSubscribable(eventType))
        {
            throw new ArgumentException($"Not a webhook event type: {eventType}.", nameof(eventType));
        }
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.Active).ToListAsync(cancellationToken);
        var wanting = subscriptions.Where(s => s.Wants(eventType, phoneNumberId)).ToList();
        if (sourceKey is not null && wanting.Count > 0)
        {
            var ids = wanting.Select(s => s.Id).ToList();
            var told = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.SourceKey == sourceKey && ids.Contains(d.SubscriptionId)).Select(d => d.SubscriptionId).ToListAsync(cancellationToken);
            wanting.RemoveAll(s => told.Contains(s.Id));
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var subscription in wanting)
        {
            db.WebhookDeliveries.Add(WebhookDelivery.Pending(subscription, eventType, payload, now, sourceKey));
        }
    }
}
