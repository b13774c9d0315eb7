using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>
/// Issues a new secret. The previous one keeps working until the grace period ends (0 s to 7 days), so
/// clients can be moved over without an outage; a second rotation within the grace period retires the
/// oldest secret at once.
/// </summary>
internal sealed class RotateKey(KeygateDbContext db, AuditLog audit, SecretProtector protector, IChangeNotifier changes, IKeyDirectory keys, TimeProvider time)
{
    public async Task<Outcome<Versioned<KeyResponse>>> RotateAsync(Actor actor, string id, IfMatch ifMatch, RotateKeyRequest? request, CancellationToken cancellationToken)
    {
        var (key, missing) = await KeyAccess.FindToChangeAsync(db, actor.Caller, id, ifMatch, cancellationToken);
        if (key is null)
        {
            return missing!;
        }
        var errors = new FieldErrors();
        var grace = KeyRules.GracePeriod(request?.GracePeriodSeconds, errors);
        var signing = key.Signing;
        if (request?.Signing is { } requested && !KeyNames.TryParse(requested, out signing))
        {
            errors.Add("signing", $"One of {KeyNames.Choices<SigningMode>()}.");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (key.Status is KeyStatus.Revoked)
        {
            return KeyAccess.RevokedConflict();
        }
        // The key as it will be once rotated (signing may change): the caller must be allowed to hand that out.
        var rotated = KeyDraft.From(key);
        rotated.Signing = signing;
        if (KeyAccess.RefuseGranting(actor, await keys.CallingKeyAsync(actor, cancellationToken), rotated) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var before = KeyChanges.Snapshot(key, now);
        var secret = KeyFormat.NewSecret(key.Environment);
        var keepPrevious = grace > 0;
        key.PreviousSecretHash = keepPrevious ? key.SecretHash : null;
        key.PreviousEncryptedSecret = keepPrevious && signing is not SigningMode.Off ? key.EncryptedSecret : null;
        key.PreviousSecretExpiresAt = keepPrevious ? now.AddSeconds(grace!.Value) : null;
        key.SecretHash = SecretHash.Of(secret);
        key.SecretHint = KeyFormat.Hint(secret);
        key.Signing = signing;
        key.EncryptedSecret = signing is SigningMode.Off ? null : protector.Encrypt(secret, key.Id);
        key.UpdatedAt = now;
        key.Version++;
        // The trail records that a rotation happened, its grace period and what the key object shows (the new
        // secret's hint, when the old one expires); never the secret.
        var entry = KeyChanges.Entry(actor, AuditEventType.KeyRotated, before, key, now);
        entry.Changes!["gracePeriodSeconds"] = AuditChanges.Change(null, grace ?? 0);
        try
        {
            await audit.SaveWithAuditAsync(db, entry, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale;
        }
        await changes.KeyChangedAsync(key.Id);
        return Outcome.Done(key.ToVersioned(now, apiSecret: secret));
    }
}
