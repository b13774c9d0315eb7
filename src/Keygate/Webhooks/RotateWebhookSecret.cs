using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Webhooks;

/// <summary>
/// A new signing secret, shown once. It signs every attempt from now on, retries of earlier events included: the
/// header carries one signature, as Meta's does.
/// </summary>
internal sealed class RotateWebhookSecret(KeygateDbContext db, AuditLog audit, SecretProtector protector, TimeProvider time)
{
    public async Task<Outcome<Versioned<WebhookResponse>>> RotateAsync(Actor actor, string id, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        var (subscription, missing) = await WebhookAccess.FindToChangeAsync(db, actor.Caller, id, ifMatch, cancellationToken);
        if (subscription is null)
        {
            return missing!;
        }
        var secret = WebhookSecret.New();
        subscription.EncryptedSecret = protector.Encrypt(secret, subscription.Id);
        subscription.UpdatedAt = time.GetUtcNow().UtcDateTime;
        subscription.Version++;
        try
        {
            // The trail records that a rotation happened; the secret is in no snapshot.
            await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(actor, AuditEventType.WebhookSecretRotated, null, null, id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale;
        }
        return Outcome.Done(subscription.ToVersioned(secret));
    }
}
