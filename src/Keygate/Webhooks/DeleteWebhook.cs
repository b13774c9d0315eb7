using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Webhooks;

/// <summary>The subscription goes, and with it its delivery log and anything still queued.</summary>
internal sealed class DeleteWebhook(KeygateDbContext db, AuditLog audit)
{
    public async Task<Outcome<string>> DeleteAsync(Actor actor, string id, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        var (subscription, missing) = await WebhookAccess.FindToChangeAsync(db, actor.Caller, id, ifMatch, cancellationToken);
        if (subscription is null)
        {
            return missing!;
        }
        var before = WebhookAccess.Snapshot(subscription);
        db.WebhookSubscriptions.Remove(subscription);
        try
        {
            await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(actor, AuditEventType.WebhookDeleted, before, null, id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale;
        }
        return Outcome.Done(id);
    }
}
