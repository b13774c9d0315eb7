using System.Security.Claims;
using Keygate.Authentication;
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
        group.MapPost("/logout", LogoutAsync).WithName("Logout").RequireAuthorization();
        return group;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, KeygateDbContext db, LoginThrottle throttle, TimeProvider time)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254)
        {
            errors.Add("email", "Required, at most 254 characters.");
        }
        // Bounded so that a huge password cannot make PBKDF2 expensive.
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 1024)
        {
            errors.Add("password", "Required, at most 1024 characters.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var email = request.Email!.Trim().ToLowerInvariant();
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var wait = throttle.RetryAfter(email, address);
        if (wait > TimeSpan.Zero)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(429, ProblemCodes.RateLimited, "Too many failed logins; wait before trying again.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, http.RequestAborted);
        // The same work and the same answer for an unknown e-mail and a wrong password.
        if (!PasswordHasher.Verify(request.Password!, user?.PasswordHash))
        {
            throttle.Failed(email, address);
            return Problems.Create(401, ProblemCodes.InvalidCredentials, "The e-mail or password is not valid.");
        }
        throttle.Succeeded(email);

        var now = time.GetUtcNow().UtcDateTime;
        var session = new Session { Id = Ids.New("ses", 32), UserId = user!.Id, AccountId = user.AccountId, CreatedAt = now, ExpiresAt = now + SessionCookie.Lifetime };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        await http.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalFor(user, session));
        return TypedResults.Ok(new LoginResponse(user.Id, user.Email, user.AccountId, Roles.NameOf(user.Role), user.IsOperator, user.MustChangePassword));
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http, KeygateDbContext db, TimeProvider time)
    {
        var sessionId = http.User.FindFirstValue(Caller.SessionClaim);
        if (sessionId is not null)
        {
            await db.Sessions.Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, time.GetUtcNow().UtcDateTime), http.RequestAborted);
            await http.SignOutAsync(SessionCookie.SchemeName);
        }
        return TypedResults.NoContent();
    }
}
