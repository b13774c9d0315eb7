using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;

namespace Keygate.Webhooks;

/// <summary>Queues a <c>test</c> event for this subscription alone; its delivery log shows how it went.</summary>
internal sealed class SendTestWebhook(KeygateDbContext db, TimeProvider time)
{
    public async Task<Outcome<WebhookDeliveryResponse>> SendAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.FindAsync(db, actor.Caller, id, cancellationToken);
        if (subscription is null)
        {
            return WebhookAccess.NotFound;
        }
        if (!subscription.Active)
        {
            return Refusal.Conflict("This subscription is inactive; set \"active\": true first.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var delivery = WebhookDelivery.Pending(subscription, WebhookEvents.Test, WebhookPayloads.Test(subscription, now).ToJsonString(), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Done(delivery.ToResponse());
    }
}
