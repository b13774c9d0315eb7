using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Webhooks;

/// <summary>An edit of url, events, phone numbers, description and active, refused when the subscription changed since the version the caller saw.</summary>
internal sealed class UpdateWebhook(KeygateDbContext db, AuditLog audit, CallbackGuard guard, IOptions<WebhookOptions> options, TimeProvider time)
{
    public async Task<Outcome<Versioned<WebhookResponse>>> UpdateAsync(Actor actor, string id, IfMatch ifMatch, WebhookEdit edit, CancellationToken cancellationToken)
    {
        var (subscription, missing) = await WebhookAccess.FindToChangeAsync(db, actor.Caller, id, ifMatch, cancellationToken);
        if (subscription is null)
        {
            return missing!;
        }
        var draft = WebhookDraft.From(subscription);
        var errors = await edit.ApplyToAsync(draft, guard, options.Value.AllowHttp, cancellationToken);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var before = WebhookAccess.Snapshot(subscription);
        draft.ApplyTo(subscription);
        subscription.UpdatedAt = time.GetUtcNow().UtcDateTime;
        subscription.Version++;
        try
        {
            await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(actor, AuditEventType.WebhookUpdated, before, subscription, id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale;
        }
        return Outcome.Done(subscription.ToVersioned());
    }
}
