using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>Disable, enable and revoke. Each is idempotent; revocation is final and wipes what the key kept of its secret.</summary>
internal static class ChangeKeyStatus
{
    public static Task<Results<Ok<KeyResponse>, ProblemHttpResult>> DisableAsync(string id, HttpContext http, KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, TimeProvider time) =>
        ChangeAsync(id, KeyStatus.Disabled, http, db, audit, changes, time);

    public static Task<Results<Ok<KeyResponse>, ProblemHttpResult>> EnableAsync(string id, HttpContext http, KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, TimeProvider time) =>
        ChangeAsync(id, KeyStatus.Active, http, db, audit, changes, time);

    public static Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RevokeAsync(string id, HttpContext http, KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, TimeProvider time) =>
        ChangeAsync(id, KeyStatus.Revoked, http, db, audit, changes, time);

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> ChangeAsync(
        string id, KeyStatus target, HttpContext http, KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, TimeProvider time)
    {
        var caller = Caller.From(http.User);
        var cancellationToken = http.RequestAborted;
        var key = await KeyAccess.FindAsync(db, caller, id, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("key");
        }
        if (Preconditions.IsStale(http, key.ETag))
        {
            return Problems.PreconditionFailed();
        }
        if (KeyAccess.RefuseTouching(http, caller, key) is { } refused)
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
                await audit.SaveWithAuditAsync(db, KeyChanges.Entry(http, EventFor(target), before, key, now), cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.PreconditionFailed();
            }
            await changes.KeyChangedAsync(key.Id);
        }
        http.Response.Headers.ETag = key.ETag;
        return TypedResults.Ok(key.ToResponse(now));
    }

    private static AuditEventType EventFor(KeyStatus target) => target switch
    {
        KeyStatus.Disabled => AuditEventType.KeyDisabled,
        KeyStatus.Active => AuditEventType.KeyEnabled,
        _ => AuditEventType.KeyRevoked,
    };
}
