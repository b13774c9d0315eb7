using Keygate.Audit;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>A login that succeeded: the user and the session a cookie will name.</summary>
internal sealed record SignedIn(User User, Session Session);

/// <summary>
/// A login, for <c>POST /v1/auth/login</c> and the dashboard's login form alike: the password check and throttle, the
/// audit entries, and a new session. Setting the cookie is the caller's part.
/// </summary>
internal sealed class LogIn(KeygateDbContext db, AuditLog audit, PasswordCheck passwords, TimeProvider time)
{
    public async Task<Outcome<SignedIn>> LogInAsync(LoginRequest request, string? address, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254)
        {
            errors.Add("email", "Required, at most 254 characters.");
        }
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordHasher.MaxLength)
        {
            errors.Add("password", $"Required, at most {PasswordHasher.MaxLength} characters.");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        var email = request.Email!.Trim().ToLowerInvariant();
        if (await passwords.ReserveAsync(email, address) is { } throttled)
        {
            return throttled;
        }

        // The e-mail has a login in each account that holds it (none, one or several); the password says which. The
        // same work and the same answer for an unknown e-mail, a wrong password and a disabled user: the password is
        // checked against every login first (ChangePassword keeps them different, so at most one matches), so a
        // disabled user's right password takes as long as a wrong one, and the logins share a salt (PasswordHasher),
        // so the number of accounts that hold the e-mail does not show in the time either.
        var logins = await db.Users.Where(u => u.Email == email).OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var matched = await passwords.MatchAsync(email, address, request.Password!, [.. logins.Select(u => u.PasswordHash)], cancellationToken);
        if (!matched.Succeeded)
        {
            return matched.AsRefusal();
        }
        var user = matched.Value >= 0 ? logins[matched.Value] : null;
        if (user is null || user.DisabledAt is not null)
        {
            // Not tied to the request: hanging up must not keep a failure out of the trail.
            foreach (var entry in LoginFailed(user is null ? logins : [user], address))
            {
                await audit.SaveWithAuditAsync(db, entry, CancellationToken.None);
            }
            return Refusal.Unauthenticated(ProblemCodes.InvalidCredentials, "The e-mail or password is not valid.");
        }
        await passwords.PassedAsync(email, address);

        var now = time.GetUtcNow().UtcDateTime;
        var session = new Session { Id = Ids.New("ses", 32), UserId = user.Id, AccountId = user.AccountId, CreatedAt = now, ExpiresAt = now + SessionCookie.Lifetime };
        db.Sessions.Add(session);
        await audit.SaveWithAuditAsync(db,
            new AuditEntry(user.AccountId, AuditEventType.LoginSucceeded, AuditActorType.User, user.Id, address, AuditTargetType.User, user.Id),
            cancellationToken);
        return Outcome.Done(new SignedIn(user, session));
    }

    /// <summary>
    /// A failed login is recorded in the account of each user it was tried against (the one whose password matched,
    /// if disabled; otherwise every login with the typed e-mail), by an anonymous actor (a failure proves nothing
    /// about who typed it); each account sees its own user only. An e-mail that matches no user has no account, so it
    /// goes to the system chain, which no account reads: recording it costs the same write as a real user's failure,
    /// so the answer's timing still does not tell whether the e-mail has a login. Nothing typed is kept (an e-mail
    /// field sometimes holds a password typed in the wrong place). Attempts refused by the throttle are not
    /// recorded: they check no password, and recording each would let anyone grow a trail at network speed.
    /// </summary>
    private static IEnumerable<AuditEntry> LoginFailed(List<User> triedUsers, string? address) =>
        triedUsers.Count == 0
            ? [new(AuditChain.SystemAccountId, AuditEventType.LoginFailed, AuditActorType.Anonymous, null, address, null, null)]
            : triedUsers.Select(user => new AuditEntry(user.AccountId, AuditEventType.LoginFailed, AuditActorType.Anonymous, null,
                address, AuditTargetType.User, user.Id));
}
