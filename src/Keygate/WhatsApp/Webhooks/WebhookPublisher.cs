using System.Text.Json.Nodes;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Webhooks;

/// <summary>
/// The seam other features call to send an event to an account's webhooks: one pending delivery per
/// matching active subscription, stored in the database, so a restart loses none. <see cref="WebhookDispatcher"/>
/// sends them. Scoped: it works in the caller's <see cref="KeygateDbContext"/>.
/// </summary>
internal sealed class WebhookPublisher(KeygateDbContext db, TimeProvider time)
{
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
    public async Task QueueAsync(string accountId, string eventType, string? phoneNumberId, JsonObject payload, CancellationToken cancellationToken)
    {
        if (!WebhookEvents.IsSubscribable(eventType))
        {
            throw new ArgumentException($"Not a webhook event type: {eventType}.", nameof(eventType));
        }
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking()
            .Where(s => s.AccountId == accountId && s.Active).ToListAsync(cancellationToken);
        var text = payload.ToJsonString();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var subscription in subscriptions.Where(s => s.Wants(eventType, phoneNumberId)))
        {
            db.WebhookDeliveries.Add(WebhookDelivery.Pending(subscription, eventType, text, now));
        }
    }
}
