using Keygate.Http;

namespace Keygate.Accounts;

/// <summary>
/// Who may do what to whom among an account's users. Pure: the services load the rows and count the active
/// owners (inside the change's transaction, so that two owners demoting each other cannot both succeed).
/// </summary>
internal static class UserRules
{
    public static bool ManagesUsers(UserRole role) => role is UserRole.Owner or UserRole.Admin;

    /// <summary>Why <paramref name="actor"/> may not invite someone as <paramref name="role"/>, or null.</summary>
    public static Refusal? RefuseCreate(User actor, UserRole role) =>
        actor.Role is not UserRole.Owner && role is UserRole.Owner ? OwnersOnly() : null;

    /// <summary>
    /// Why <paramref name="actor"/> may not give <paramref name="target"/> this role and status, or null. Leaving
    /// both as they are is allowed to anyone who may touch the target (the call is idempotent).
    /// </summary>
    public static Refusal? RefuseChange(User actor, User target, UserRole role, bool active, int activeOwners)
    {
        if (actor.Role is not UserRole.Owner && (target.Role is UserRole.Owner || role is UserRole.Owner))
        {
            return OwnersOnly();
        }
        var wasActive = target.DisabledAt is null;
        if (role == target.Role && active == wasActive)
        {
            return null;
        }
        if (actor.Id == target.Id)
        {
            // Nobody locks themselves out or gives away their own role by a slip: another owner or admin does it.
            return Refusal.Forbidden(ProblemCodes.InsufficientPermissions, "You cannot change your own role or disable your own login; ask another owner or admin.");
        }
        if (target.Role is UserRole.Owner && wasActive && (role is not UserRole.Owner || !active) && activeOwners <= 1)
        {
            return Refusal.Conflict("This is the account's last active owner: make another user owner first.");
        }
        return null;
    }

    private static Refusal OwnersOnly() =>
        Refusal.Forbidden(ProblemCodes.InsufficientPermissions, "Only an owner can invite, change or disable an owner, or make someone an owner.");
}
