using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>What every user operation shares: account isolation, the acting user, and ending sessions.</summary>
internal static class UserAccess
{
    /// <summary>
    /// The caller's own row while it may manage users, or null: a key, a developer or viewer, a disabled user. Read
    /// from the store, not the cookie, so that a role taken away or a login disabled since the cookie was made counts at once.
    /// </summary>
    public static async Task<User?> ManagerAsync(KeygateDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (caller.UserId is null)
        {
            return null;
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == caller.UserId && u.AccountId == caller.AccountId && u.DisabledAt == null, cancellationToken);
        return user is not null && UserRules.ManagesUsers(user.Role) ? user : null;
    }

    public static readonly Refusal NotManager =
        Refusal.Forbidden(ProblemCodes.InsufficientPermissions, "Only an owner or admin of the account, logged in to the dashboard, manages users.");

    /// <summary>The caller's own account's user, or null: another account's user is indistinguishable from one that never existed.</summary>
    public static Task<User?> FindAsync(KeygateDbContext db, Caller caller, string id, CancellationToken cancellationToken) =>
        db.Users.FirstOrDefaultAsync(u => u.Id == id && u.AccountId == caller.AccountId, cancellationToken);

    /// <summary>
    /// Holds the account's row until the transaction ends, so that decisions over its users are taken one at a time. SQLite's
    /// write transaction already holds the whole database.
    /// </summary>
    public static async Task LockAccountAsync(KeygateDbContext db, string accountId, CancellationToken cancellationToken)
    {
        if (db.IsPostgreSql)
        {
            await db.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Accounts" WHERE "Id" = {accountId} FOR UPDATE""", cancellationToken);
        }
    }

    public static Task<int> ActiveOwnersAsync(KeygateDbContext db, string accountId, CancellationToken cancellationToken) =>
        db.Users.CountAsync(u => u.AccountId == accountId && u.Role == UserRole.Owner && u.DisabledAt == null, cancellationToken);

    /// <summary>
    /// E-mails are unique within an account, not across accounts: the same person may have a login in several, and
    /// an invitation must not tell one account that an e-mail has a login in another.
    /// </summary>
    public static Task<bool> EmailTakenAsync(KeygateDbContext db, string accountId, string email, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.AccountId == accountId && u.Email == email, cancellationToken);

    /// <summary>
    /// The password hashes of the logins with this e-mail in other accounts: a new hash shares their salt
    /// (<see cref="PasswordHasher.Hash"/>), so that a login checks all of them with one hash, and a new password
    /// must differ from theirs.
    /// </summary>
    public static Task<List<string>> SiblingHashesAsync(KeygateDbContext db, string accountId, string email, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Email == email && u.AccountId != accountId).OrderBy(u => u.Id).Select(u => u.PasswordHash).ToListAsync(cancellationToken);

    public static readonly Refusal EmailConflict = Refusal.Conflict("A user with this e-mail address already exists.");

    /// <summary>The actor's action on a user; <paramref name="before"/> is null for a create.</summary>
    public static AuditEntry Entry(Actor actor, AuditEventType type, JsonObject? before, User user) =>
        AuditEntry.By(actor, type, AuditTargetType.User, user.Id, AuditChanges.Between(before, UserChanges.Snapshot(user)));

    /// <summary>
    /// Ends the user's live sessions but <paramref name="keepSessionId"/>, saved with the change that calls for it:
    /// the cookie only names a session, so every copy of an ended one stops working at once.
    /// </summary>
    public static async Task EndSessionsAsync(KeygateDbContext db, string userId, DateTime now, string? keepSessionId, CancellationToken cancellationToken)
    {
        var live = await db.Sessions
            .Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now && s.Id != keepSessionId)
            .ToListAsync(cancellationToken);
        foreach (var session in live)
        {
            session.EndedAt = now;
        }
    }
}
