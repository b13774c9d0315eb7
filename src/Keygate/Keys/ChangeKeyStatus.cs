using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>Disable, enable and revoke. Each is idempotent; revocation is final and wipes what the key kept of its secret.</summary>
internal sealed class ChangeKeyStatus(KeygateDbContext db, AuditLog audit, IChangeNotifier changes, IKeyDirectory keys, TimeProvider time)
{
    public Task<Outcome<Versioned<KeyResponse>>> DisableAsync(Actor actor, string id, IfMatch ifMatch, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, ifMatch, KeyStatus.Disabled, cancellationToken);

    public Task<Outcome<Versioned<KeyResponse>>> EnableAsync(Actor actor, string id, IfMatch ifMatch, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, ifMatch, KeyStatus.Active, cancellationToken);

    public Task<Outcome<Versioned<KeyResponse>>> RevokeAsync(Actor actor, string id, IfMatch ifMatch, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, ifMatch, KeyStatus.Revoked, cancellationToken);

    private async Task<Outcome<Versioned<KeyResponse>>> ChangeAsync(Actor actor, string id, IfMatch ifMatch, KeyStatus target, CancellationToken cancellationToken)
    {
        var (key, missing) = await KeyAccess.FindToChangeAsync(db, actor.Caller, id, ifMatch, cancellationToken);
        if (key is null)
        {
            return missing!;
        }
        if (KeyAccess.RefuseTouching(actor, await keys.CallingKeyAsync(actor, cancellationToken), key) is { } refused)
        {
            return refused;
        }
        if (key.Status is KeyStatus.Revoked && target is not KeyStatus.Revoked)
        {
            return KeyAccess.RevokedConflict();
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (key.Status != target)
        {
            var before = KeyChanges.Snapshot(key, now);
            key.Status = target;
            if (target is KeyStatus.Revoked)
            {
                key.EncryptedSecret = null;
                key.PreviousEncryptedSecret = null;
                key.PreviousSecretHash = null;
                key.PreviousSecretExpiresAt = null;
            }
            key.UpdatedAt = now;
            key.Version++;
            try
            {
                await audit.SaveWithAuditAsync(db, KeyChanges.Entry(actor, EventFor(target), before, key, now), cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refusal.Stale;
            }
            await changes.KeyChangedAsync(key.Id);
        }
        return Outcome.Done(key.ToVersioned(now));
    }

    private static AuditEventType EventFor(KeyStatus target) => target switch
    {
        KeyStatus.Disabled => AuditEventType.KeyDisabled,
        KeyStatus.Active => AuditEventType.KeyEnabled,
        _ => AuditEventType.KeyRevoked,
    };
}
