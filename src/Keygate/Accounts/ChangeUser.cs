using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;

namespace Keygate.Accounts;

/// <summary>
/// A user's role and status (<c>PATCH /v1/users/{id}</c>, <c>POST /v1/users/{id}/disable</c> and <c>/enable</c>, the
/// Users page). Each is idempotent. Disabling ends the user's sessions, and so does a new role, whose permissions
/// the old cookies do not carry.
/// </summary>
internal sealed class ChangeUser(KeygateDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<UserResponse>> ChangeRoleAsync(Actor actor, string id, string? role, CancellationToken cancellationToken) =>
        Roles.TryParse(role, out var newRole)
            ? await ApplyAsync(actor, id, newRole, active: null, AuditEventType.UserRoleChanged, cancellationToken)
            : Refusal.Invalid("role", $"Required, one of: {Roles.Choices}.");

    public Task<Outcome<UserResponse>> DisableAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ApplyAsync(actor, id, role: null, active: false, AuditEventType.UserDisabled, cancellationToken);

    public Task<Outcome<UserResponse>> EnableAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        ApplyAsync(actor, id, role: null, active: true, AuditEventType.UserEnabled, cancellationToken);

    private async Task<Outcome<UserResponse>> ApplyAsync(
        Actor actor, string id, UserRole? role, bool? active, AuditEventType type, CancellationToken cancellationToken)
    {
        var caller = actor.Caller;
        // Read and decided inside the write transaction (SQLite's is taken at BEGIN; on PostgreSQL the account's row is
        // locked first): two owners demoting each other at once are serialized, and the second sees that the first left
        // it the last owner.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await UserAccess.LockAccountAsync(db, caller.AccountId, cancellationToken);
        var manager = await UserAccess.ManagerAsync(db, caller, cancellationToken);
        if (manager is null)
        {
            return UserAccess.NotManager;
        }
        var target = await UserAccess.FindAsync(db, caller, id, cancellationToken);
        if (target is null)
        {
            return Refusal.NotFound("user");
        }
        var newRole = role ?? target.Role;
        var wasActive = target.DisabledAt is null;
        var newActive = active ?? wasActive;
        var activeOwners = await UserAccess.ActiveOwnersAsync(db, caller.AccountId, cancellationToken);
        if (UserRules.RefuseChange(manager, target, newRole, newActive, activeOwners) is { } refused)
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
            await audit.SaveWithAuditAsync(db, UserAccess.Entry(actor, type, before, target), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return Outcome.Done(target.ToResponse());
    }
}
