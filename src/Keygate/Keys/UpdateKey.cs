using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>An edit of any setting but the environment, refused when the key changed since the version the caller saw.</summary>
internal sealed class UpdateKey(KeygateDbContext db, AuditLog audit, IChangeNotifier changes, IAccountPhoneNumbers numbers, IKeyDirectory keys, TimeProvider time)
{
    public async Task<Outcome<Versioned<KeyResponse>>> UpdateAsync(Actor actor, string id, IfMatch ifMatch, KeyEdit edit, CancellationToken cancellationToken)
    {
        var caller = actor.Caller;
        var (key, missing) = await KeyAccess.FindToChangeAsync(db, caller, id, ifMatch, cancellationToken);
        if (key is null)
        {
            return missing!;
        }
        if (key.Status is KeyStatus.Revoked)
        {
            return KeyAccess.RevokedConflict();
        }
        if (KeyAccess.RefuseTouching(actor, await keys.CallingKeyAsync(actor, cancellationToken), key) is { } touchRefused)
        {
            return touchRefused;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var draft = KeyDraft.From(key);
        var errors = edit.ApplyTo(draft, now);
        await KeyAccess.CheckNumbersAsync(numbers, caller.AccountId, draft, key.PhoneNumberIds, errors, cancellationToken);
        if (key.Signing is SigningMode.Off && draft.Signing is not SigningMode.Off)
        {
            // Only the hash of this key's secret was kept, and a signature cannot be checked against a hash.
            errors.Add("signing", "This key kept no copy of its secret. Turn signing on while rotating: POST /v1/keys/{id}/rotate with \"signing\".");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (KeyAccess.RefuseGranting(actor, await keys.CallingKeyAsync(actor, cancellationToken), draft) is { } grantRefused)
        {
            return grantRefused;
        }
        if (draft.Name != key.Name && await KeyAccess.NameTakenAsync(db, caller.AccountId, draft.Name!, key.Id, cancellationToken))
        {
            return KeyAccess.NameConflict();
        }

        var before = KeyChanges.Snapshot(key, now);
        draft.ApplyTo(key);
        if (key.Signing is SigningMode.Off)
        {
            key.EncryptedSecret = null;
            key.PreviousEncryptedSecret = null;
        }
        key.UpdatedAt = now;
        key.Version++;
        try
        {
            await audit.SaveWithAuditAsync(db, KeyChanges.Entry(actor, AuditEventType.KeyUpdated, before, key, now), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            if (await KeyAccess.NameTakenAsync(db, caller.AccountId, key.Name, key.Id, CancellationToken.None))
            {
                return KeyAccess.NameConflict();
            }
            throw;
        }
        await changes.KeyChangedAsync(key.Id);
        return Outcome.Done(key.ToVersioned(now));
    }
}
