using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>The rules every key operation shares: account isolation and no escalation.</summary>
internal static class KeyAccess
{
    /// <summary>The caller's own account's key, or null: another account's key is indistinguishable from one that never existed.</summary>
    public static async Task<ApiKey?> FindAsync(KeygateDbContext db, Caller caller, string id, CancellationToken cancellationToken) =>
        KeyFormat.IsKeyId(id)
            ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.AccountId == caller.AccountId, cancellationToken)
            : null;

    /// <summary>
    /// A caller may hand out only what it holds: it cannot grant a permission it lacks, nor touch a key that
    /// holds one (rotating such a key would hand it that key's powers). A non-production key cannot create
    /// production keys.
    /// </summary>
    public static ProblemHttpResult? RefuseEscalation(Caller caller, IEnumerable<string> permissions, KeyEnvironment? environment = null)
    {
        var beyond = PermissionCatalog.Parse(permissions) & ~caller.Permissions;
        if (beyond != Permission.None)
        {
            return Problems.Forbidden($"You cannot grant or manage permissions you do not hold: {string.Join(", ", PermissionCatalog.Names(beyond))}.");
        }
        if (caller.Environment is not null and not KeyEnvironment.Production && environment is KeyEnvironment.Production)
        {
            return Problems.Forbidden("A non-production key cannot create production keys.");
        }
        return null;
    }

    public static ProblemHttpResult RevokedConflict() => Problems.Conflict("This key is revoked; revocation is final.");

    /// <summary>True when the failure was the per-account name uniqueness (checked again after a racing insert).</summary>
    public static Task<bool> NameTakenAsync(KeygateDbContext db, string accountId, string name, string? exceptId, CancellationToken cancellationToken) =>
        db.ApiKeys.AnyAsync(k => k.AccountId == accountId && k.Name == name && k.Status != KeyStatus.Revoked && k.Id != exceptId, cancellationToken);

    public static ProblemHttpResult NameConflict() => Problems.Conflict("Another key in this account already has this name.");
}
