using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.WhatsApp.Webhooks;

/// <summary><c>POST /v1/webhooks/{id}/test</c>: queues a <c>test</c> event for this subscription alone; its delivery log shows how it went.</summary>
internal static class SendTestWebhook
{
    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> HandleAsync(
        string id, HttpContext http, KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken);
        if (subscription is null)
        {
            return Problems.NotFound("webhook subscription");
        }
        if (!subscription.Active)
        {
            return Problems.Conflict("This subscription is inactive; set \"active\": true first.");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var delivery = WebhookDelivery.Pending(subscription, WebhookEvents.Test, WebhookPayloads.Test(subscription, now).ToJsonString(), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/v1/webhooks/{id}/deliveries", delivery.ToResponse());
    }
}
