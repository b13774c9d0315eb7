using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.Extensions.Options;

namespace Keygate.Webhooks;

/// <summary>A new subscription, answered with its signing secret, which is never shown again.</summary>
internal sealed class CreateWebhook(KeygateDbContext db, AuditLog audit, SecretProtector protector, CallbackGuard guard,
    IOptions<WebhookOptions> options, IOptions<AccountCapOptions> caps, TimeProvider time)
{
    public async Task<Outcome<Versioned<WebhookResponse>>> CreateAsync(Actor actor, WebhookEdit edit, CancellationToken cancellationToken)
    {
        var draft = new WebhookDraft();
        var errors = await edit.ApplyToAsync(draft, guard, options.Value.AllowHttp, cancellationToken);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        var accountId = actor.Caller.AccountId;
        if (await AccountCaps.ReachedAsync(caps.Value, db, accountId, AccountCap.Webhooks, cancellationToken) is { } full)
        {
            return Refusal.Conflict(full.Code, full.Detail);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var id = Ids.New("whs");
        var secret = WebhookSecret.New();
        var subscription = new WebhookSubscription
        {
            Id = id,
            AccountId = accountId,
            Url = draft.Url!.AbsoluteUri,
            EncryptedSecret = protector.Encrypt(secret, id),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        draft.ApplyTo(subscription);
        db.WebhookSubscriptions.Add(subscription);
        await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(actor, AuditEventType.WebhookCreated, null, subscription, id), cancellationToken);
        return Outcome.Done(subscription.ToVersioned(secret));
    }
}
