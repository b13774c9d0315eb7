using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Webhooks;

/// <summary><c>DELETE /v1/webhooks/{id}</c>: the subscription goes, and with it its delivery log and anything still queued.</summary>
internal static class DeleteWebhook
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string id, HttpContext http, KeygateDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken);
        if (subscription is null)
        {
            return Problems.NotFound("webhook subscription");
        }
        if (Preconditions.IsStale(http, subscription.ETag))
        {
            return Problems.PreconditionFailed();
        }
        var before = WebhookAccess.Snapshot(subscription);
        db.WebhookSubscriptions.Remove(subscription);
        try
        {
            await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(http, AuditEventType.WebhookDeleted, before, null, id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        return TypedResults.NoContent();
    }
}
