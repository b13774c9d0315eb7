using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Keys;

/// <summary>Creates a key from an edit of the defaults; the answer carries its secret, shown this once.</summary>
internal sealed class CreateKey(KeygateDbContext db, AuditLog audit, SecretProtector protector, IChangeNotifier changes,
    IAccountPhoneNumbers numbers, IOptions<AccountCapOptions> caps, IKeyDirectory keys, TimeProvider time)
{
    public async Task<Outcome<Versioned<KeyResponse>>> CreateAsync(Actor actor, KeyEdit edit, CancellationToken cancellationToken)
    {
        var caller = actor.Caller;
        var now = time.GetUtcNow().UtcDateTime;
        var draft = new KeyDraft();
        var errors = edit.ApplyTo(draft, now);
        await KeyAccess.CheckNumbersAsync(numbers, caller.AccountId, draft, [], errors, cancellationToken);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        var environment = draft.Environment!.Value;
        if (KeyAccess.RefuseGranting(actor, await keys.CallingKeyAsync(actor, cancellationToken), draft) is { } refused)
        {
            return refused;
        }
        if (await AccountCaps.ReachedAsync(caps.Value, db, caller.AccountId, AccountCap.Keys, cancellationToken) is { } full)
        {
            return Refusal.Conflict(full.Code, full.Detail);
        }
        if (await KeyAccess.NameTakenAsync(db, caller.AccountId, draft.Name!, null, cancellationToken))
        {
            return KeyAccess.NameConflict();
        }

        var id = KeyFormat.NewKeyId(environment);
        var secret = KeyFormat.NewSecret(environment);
        var key = new ApiKey
        {
            Id = id,
            AccountId = caller.AccountId,
            Name = draft.Name!,
            Environment = environment,
            Status = KeyStatus.Active,
            SecretHash = SecretHash.Of(secret),
            SecretHint = KeyFormat.Hint(secret),
            EncryptedSecret = draft.Signing is SigningMode.Off ? null : protector.Encrypt(secret, id),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        draft.ApplyTo(key);
        db.ApiKeys.Add(key);
        try
        {
            // The key and its audit entry in one transaction: a create lands whole and recorded, or not at all.
            await audit.SaveWithAuditAsync(db, KeyChanges.Entry(actor, AuditEventType.KeyCreated, null, key, now), cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // A racing create took the name between the check above and this insert.
            if (await KeyAccess.NameTakenAsync(db, caller.AccountId, key.Name, key.Id, CancellationToken.None))
            {
                return KeyAccess.NameConflict();
            }
            throw;
        }
        await changes.KeyChangedAsync(id); // clears a remembered "unknown id", however unlikely
        return Outcome.Done(key.ToVersioned(now, apiSecret: secret));
    }
}
