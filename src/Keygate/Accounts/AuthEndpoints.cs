using System.Security.Claims;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/auth").WithTags("Authentication");
        group.MapPost("/login", LoginAsync).WithName("Login").AllowAnonymous();
        group.MapPost("/logout", LogoutAsync).WithName("Logout").RequireAuthorization().OpenBeforePasswordChange();
        group.MapPost("/password", ChangePassword.HandleAsync).WithName("ChangePassword").RequireAuthorization(Policies.Session).OpenBeforePasswordChange();
        return group;
    }

    internal static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, KeygateDbContext db, AuditLog audit, LoginThrottle throttle, TimeProvider time)
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
            return Problems.Invalid(errors.ToDictionary());
        }
        var email = request.Email!.Trim().ToLowerInvariant();
        var address = ThrottleAddressOf(http);
        if (Reserve(http, throttle, email) is { } throttled)
        {
            return throttled;
        }

        // The e-mail has a login in each account that holds it (none, one or several); the password says which. The
        // same work and the same answer for an unknown e-mail, a wrong password and a disabled user: the password is
        // checked against every login first (ChangePassword keeps them different, so at most one matches), so a
        // disabled user's right password takes as long as a wrong one, and the logins share a salt (PasswordHasher),
        // so the number of accounts that hold the e-mail does not show in the time either.
        var logins = await db.Users.Where(u => u.Email == email).OrderBy(u => u.Id).ToListAsync(http.RequestAborted);
        var matched = await CheckPasswordAsync(http, throttle, email, request.Password!, [.. logins.Select(u => u.PasswordHash)]);
        if (matched is null)
        {
            return Busy(http);
        }
        var user = matched >= 0 ? logins[matched.Value] : null;
        if (user is null || user.DisabledAt is not null)
        {
            // Not tied to the request: hanging up must not keep a failure out of the trail.
            foreach (var entry in LoginFailed(user is null ? logins : [user], http))
            {
                await audit.SaveWithAuditAsync(db, entry, CancellationToken.None);
            }
            return Problems.Create(401, ProblemCodes.InvalidCredentials, "The e-mail or password is not valid.");
        }
        throttle.Release(email, address);

        var now = time.GetUtcNow().UtcDateTime;
        var session = new Session { Id = Ids.New("ses", 32), UserId = user!.Id, AccountId = user.AccountId, CreatedAt = now, ExpiresAt = now + SessionCookie.Lifetime };
        db.Sessions.Add(session);
        await audit.SaveWithAuditAsync(db,
            new AuditEntry(user.AccountId, AuditEventType.LoginSucceeded, AuditActorType.User, user.Id, AuditEntry.AddressOf(http), AuditTargetType.User, user.Id),
            http.RequestAborted);
        await http.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalFor(user, session));
        return TypedResults.Ok(new LoginResponse(user.Id, user.Email, user.AccountId, Roles.NameOf(user.Role), user.IsOperator, user.MustChangePassword));
    }

    /// <summary>The client address the throttle counts failures under.</summary>
    internal static string ThrottleAddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>
    /// Takes an attempt from the throttle for this e-mail and the client's address (counted as a failure until the
    /// password proves right), or answers 429 with <c>Retry-After</c> while either is locked.
    /// </summary>
    internal static ProblemHttpResult? Reserve(HttpContext http, LoginThrottle throttle, string email)
    {
        var wait = throttle.TryReserve(email, ThrottleAddressOf(http));
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }
        http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(429, ProblemCodes.RateLimited, "Too many failed attempts; wait before trying again.");
    }

    /// <summary>
    /// The password check against the stored hashes, in one of the throttle's hashing slots: the index of the match or
    /// -1; null (and the attempt given back) when no slot came free.
    /// </summary>
    internal static async Task<int?> CheckPasswordAsync(HttpContext http, LoginThrottle throttle, string email, string password, IReadOnlyList<string> storedHashes)
    {
        var matched = await throttle.CheckPasswordAsync(password, storedHashes, http.RequestAborted);
        if (matched is null)
        {
            throttle.Release(email, ThrottleAddressOf(http));
        }
        return matched;
    }

    /// <summary>503 with <c>Retry-After</c>: every password-hashing slot stayed busy.</summary>
    internal static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return Problems.Create(503, ProblemCodes.Unavailable, "Too many logins at once; try again in a moment.");
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
    private static IEnumerable<AuditEntry> LoginFailed(List<User> triedUsers, HttpContext http) =>
        triedUsers.Count == 0
            ? [new(AuditChain.SystemAccountId, AuditEventType.LoginFailed, AuditActorType.Anonymous, null, AuditEntry.AddressOf(http), null, null)]
            : triedUsers.Select(user => new AuditEntry(user.AccountId, AuditEventType.LoginFailed, AuditActorType.Anonymous, null,
                AuditEntry.AddressOf(http), AuditTargetType.User, user.Id));

    internal static async Task<NoContent> LogoutAsync(HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time)
    {
        var sessionId = http.User.FindFirstValue(Caller.SessionClaim);
        if (sessionId is not null)
        {
            var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.EndedAt == null, http.RequestAborted);
            if (session is not null)
            {
                session.EndedAt = time.GetUtcNow().UtcDateTime;
                await audit.SaveWithAuditAsync(db, AuditEntry.ByCaller(http, AuditEventType.Logout, AuditTargetType.User, session.UserId), http.RequestAborted);
            }
            await http.SignOutAsync(SessionCookie.SchemeName);
        }
        return TypedResults.NoContent();
    }
}
