using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

internal static class CreateKey
{
    public static async Task<Results<Created<KeyResponse>, ProblemHttpResult>> HandleAsync(
        JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, SecretProtector protector,
        IKeyChangeNotifier changes, IAccountPhoneNumbers numbers, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var now = time.GetUtcNow().UtcDateTime;
        var draft = new KeyDraft();
        var errors = new FieldErrors();
        KeyFields.Read(body, draft, errors, creating: true, now);
        await KeyAccess.CheckNumbersAsync(numbers, caller.AccountId, draft, [], errors, cancellationToken);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var environment = draft.Environment!.Value;
        if (KeyAccess.RefuseGranting(http, caller, draft) is { } refused)
        {
            return refused;
        }
        if (await AccountCaps.ReachedAsync(http, db, AccountCap.Keys, cancellationToken) is { } full)
        {
            return full.Problem();
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
            await audit.SaveWithAuditAsync(db, KeyChanges.Entry(http, AuditEventType.KeyCreated, null, key, now), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A racing create took the name between the check above and this insert.
            if (await KeyAccess.NameTakenAsync(db, caller.AccountId, key.Name, key.Id, CancellationToken.None))
            {
                return KeyAccess.NameConflict();
            }
            throw;
        }
        await changes.KeyChangedAsync(id); // clears a remembered "unknown id", however unlikely
        http.Response.Headers.ETag = key.ETag;
        return TypedResults.Created($"/v1/keys/{id}", key.ToResponse(now, apiSecret: secret));
    }
}
