using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>
/// Issues a new secret. The previous one keeps working until the grace period ends (0 s to 7 days), so
/// clients can be moved over without an outage; a second rotation within the grace period retires the
/// oldest secret at once.
/// </summary>
internal static class RotateKey
{
    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> HandleAsync(
        string id, RotateKeyRequest? request, HttpContext http, KeygateDbContext db, AuditLog audit, SecretProtector protector,
        IKeyChangeNotifier changes, TimeProvider time, CancellationToken cancellationToken)
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
        var errors = new FieldErrors();
        var grace = KeyFields.ReadGracePeriod(request?.GracePeriodSeconds, errors);
        var signing = key.Signing;
        if (request?.Signing is { } requested && !KeyNames.TryParse(requested, out signing))
        {
            errors.Add("signing", $"One of {KeyNames.Choices<SigningMode>()}.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        if (key.Status is KeyStatus.Revoked)
        {
            return KeyAccess.RevokedConflict();
        }
        // The key as it will be once rotated (signing may change): the caller must be allowed to hand that out.
        var rotated = KeyDraft.From(key);
        rotated.Signing = signing;
        if (KeyAccess.RefuseGranting(http, caller, rotated) is { } refused)
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
        var entry = KeyChanges.Entry(http, AuditEventType.KeyRotated, before, key, now);
        entry.Changes!["gracePeriodSeconds"] = AuditChanges.Change(null, grace ?? 0);
        try
        {
            await audit.SaveWithAuditAsync(db, entry, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        await changes.KeyChangedAsync(key.Id);
        http.Response.Headers.ETag = key.ETag;
        return TypedResults.Ok(key.ToResponse(now, apiSecret: secret));
    }
}
