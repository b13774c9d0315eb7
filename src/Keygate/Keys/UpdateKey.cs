using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary><c>PATCH /v1/keys/{id}</c>: a JSON merge patch of any field but the environment, guarded by <c>If-Match</c>.</summary>
internal static class UpdateKey
{
    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> HandleAsync(
        string id, JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes,
        IAccountPhoneNumbers numbers, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var key = await KeyAccess.FindAsync(db, caller, id, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("key");
        }
        if (Preconditions.IsStale(http, key.ETag))
        {
            return Problems.PreconditionFailed();
        }
        if (key.Status is KeyStatus.Revoked)
        {
            return KeyAccess.RevokedConflict();
        }
        if (KeyAccess.RefuseTouching(http, caller, key) is { } touchRefused)
        {
            return touchRefused;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var draft = KeyDraft.From(key);
        var errors = new FieldErrors();
        KeyFields.Read(body, draft, errors, creating: false, now);
        await KeyAccess.CheckNumbersAsync(numbers, caller.AccountId, draft, key.PhoneNumberIds, errors, cancellationToken);
        if (key.Signing is SigningMode.Off && draft.Signing is not SigningMode.Off)
        {
            // Only the hash of this key's secret was kept, and a signature cannot be checked against a hash.
            errors.Add("signing", "This key kept no copy of its secret. Turn signing on while rotating: POST /v1/keys/{id}/rotate with \"signing\".");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        if (KeyAccess.RefuseGranting(http, caller, draft) is { } grantRefused)
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
            await audit.SaveWithAuditAsync(db, KeyChanges.Entry(http, AuditEventType.KeyUpdated, before, key, now), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        catch (DbUpdateException)
        {
            if (await KeyAccess.NameTakenAsync(db, caller.AccountId, key.Name, key.Id, CancellationToken.None))
            {
                return KeyAccess.NameConflict();
            }
            throw;
        }
        await changes.KeyChangedAsync(key.Id);
        http.Response.Headers.ETag = key.ETag;
        return TypedResults.Ok(key.ToResponse(now));
    }
}
