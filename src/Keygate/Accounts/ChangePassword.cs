using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>
/// A logged-in user changes their own password (<c>POST /v1/auth/password</c>, the dashboard's password page). The
/// current one is checked and throttled like a login (a stolen cookie must not become a way to guess it), and every
/// other session of the user ends: whoever else held one is out, while the person who changed it stays logged in.
/// </summary>
internal sealed class ChangePassword(KeygateDbContext db, AuditLog audit, PasswordCheck passwords, TimeProvider time)
{
    /// <summary>The session named by <paramref name="sessionId"/> stays open; without one (a key) nothing changes.</summary>
    public async Task<Outcome<User>> ChangeAsync(Actor actor, string? sessionId, ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        var caller = actor.Caller;
        var user = caller.UserId is null || sessionId is null
            ? null
            : await db.Users.FirstOrDefaultAsync(u => u.Id == caller.UserId && u.AccountId == caller.AccountId, cancellationToken);
        if (user is null)
        {
            return Refusal.Forbidden(ProblemCodes.InsufficientPermissions, "Only a user logged in to the dashboard changes their password.");
        }
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > PasswordHasher.MaxLength)
        {
            errors.Add("currentPassword", $"Required, at most {PasswordHasher.MaxLength} characters.");
        }
        if (request.NewPassword is not { Length: >= PasswordHasher.MinLength and <= PasswordHasher.MaxLength })
        {
            errors.Add("newPassword", $"Required, {PasswordHasher.MinLength} to {PasswordHasher.MaxLength} characters.");
        }
        else if (request.NewPassword == request.CurrentPassword)
        {
            errors.Add("newPassword", "Must differ from the current password.");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (await passwords.ReserveAsync(user.Email, actor.Address) is { } throttled)
        {
            return throttled;
        }
        var matched = await passwords.MatchAsync(user.Email, actor.Address, request.CurrentPassword!, [user.PasswordHash], cancellationToken);
        if (!matched.Succeeded)
        {
            return matched.AsRefusal();
        }
        if (matched.Value < 0)
        {
            // Not tied to the request, like a failed login: hanging up must not keep a failure out of the trail.
            await audit.SaveWithAuditAsync(db, AuditEntry.By(actor, AuditEventType.PasswordChangeFailed, AuditTargetType.User, user.Id),
                CancellationToken.None);
            return Refusal.Invalid("currentPassword", "This is not your current password.");
        }

        // A login tells the same e-mail's logins in several accounts apart by their passwords alone, so no two may be
        // equal. Saying so is a guess at the other logins' passwords (and an inviter holds a login of any e-mail they
        // invite), so the attempt taken above stays counted against the e-mail (not the address) whatever the
        // outcome; and the new password is always checked (against the decoy when there is no other login), so
        // neither the time nor the throttle tells whether the e-mail has a login in another account.
        var siblings = await UserAccess.SiblingHashesAsync(db, user.AccountId, user.Email, cancellationToken);
        var clash = await passwords.MatchAsync(user.Email, actor.Address, request.NewPassword!, siblings, cancellationToken);
        if (!clash.Succeeded)
        {
            return clash.AsRefusal();
        }
        await passwords.PassedAddressAsync(actor.Address);
        if (clash.Value >= 0)
        {
            return Refusal.Invalid("newPassword",
                "Your login with this e-mail in another account uses this password: this account's login needs a different one.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        user.PasswordHash = PasswordHasher.Hash(request.NewPassword!, siblings.FirstOrDefault());
        user.MustChangePassword = false;
        await UserAccess.EndSessionsAsync(db, user.Id, now, keepSessionId: sessionId, cancellationToken);
        await audit.SaveWithAuditAsync(db, AuditEntry.By(actor, AuditEventType.PasswordChanged, AuditTargetType.User, user.Id), cancellationToken);
        return Outcome.Done(user);
    }
}
