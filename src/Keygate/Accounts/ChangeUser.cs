using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Accounts;

/// <summary>
/// <c>PATCH /v1/users/{id}</c>, <c>POST /v1/users/{id}/disable</c> and <c>/enable</c>: a user's role and status.
/// Each is idempotent. Disabling ends the user's sessions, and so does a new role, whose permissions the old
/// cookies do not carry.
/// </summary>
internal static class ChangeUser
{
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> RoleAsync(
        string id, ChangeUserRoleRequest request, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time) =>
        Roles.TryParse(request.Role, out var role)
            ? await ApplyAsync(id, role, active: null, AuditEventType.UserRoleChanged, http, db, audit, time)
            : Problems.Invalid("role", $"Required, one of: {Roles.Choices}.");

    public static Task<Results<Ok<UserResponse>, ProblemHttpResult>> DisableAsync(
        string id, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time) =>
        ApplyAsync(id, role: null, active: false, AuditEventType.UserDisabled, http, db, audit, time);

    public static Task<Results<Ok<UserResponse>, ProblemHttpResult>> EnableAsync(
        string id, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time) =>
        ApplyAsync(id, role: null, active: true, AuditEventType.UserEnabled, http, db, audit, time);

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> ApplyAsync(
        string id, UserRole? role, bool? active, AuditEventType type, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        var caller = Caller.From(http.User);
        // Read and decided inside the write transaction (SQLite's is taken at BEGIN): two owners demoting each
        // other at once are serialized, and the second sees that the first left it the last owner.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var actor = await UserAccess.ManagerAsync(db, caller, cancellationToken);
        if (actor is null)
        {
            return UserAccess.NotManager();
        }
        var target = await UserAccess.FindAsync(db, caller, id, cancellationToken);
        if (target is null)
        {
            return Problems.NotFound("user");
        }
        var newRole = role ?? target.Role;
        var wasActive = target.DisabledAt is null;
        var newActive = active ?? wasActive;
        var activeOwners = await UserAccess.ActiveOwnersAsync(db, caller.AccountId, cancellationToken);
        if (UserRules.RefuseChange(actor, target, newRole, newActive, activeOwners) is { } refused)
        {
            return refused;
        }
        var roleChanged = newRole != target.Role;
        if (roleChanged || newActive != wasActive)
        {
            var before = UserChanges.Snapshot(target);
            var now = time.GetUtcNow().UtcDateTime;
            target.Role = newRole;
            if (newActive != wasActive)
            {
                target.DisabledAt = newActive ? null : now;
            }
            if (roleChanged || !newActive)
            {
                await UserAccess.EndSessionsAsync(db, target.Id, now, keepSessionId: null, cancellationToken);
            }
            await audit.SaveWithAuditAsync(db, UserChanges.Entry(http, type, before, target), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return TypedResults.Ok(target.ToResponse());
    }
}
