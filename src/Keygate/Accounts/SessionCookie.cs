using System.Security.Claims;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Dashboard;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>The dashboard's cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, naming a server-side session.</summary>
internal static class SessionCookie
{
    public const string SchemeName = AuthenticationExtensions.SessionScheme;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static AuthenticationBuilder AddKeygateSessionCookie(this AuthenticationBuilder builder) =>
        builder.AddCookie(SchemeName, options =>
        {
            options.Cookie.Name = "keygate_session";
            options.CookieManager = new HostPrefixedCookies(options.Cookie.Name);
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = Lifetime;
            options.SlidingExpiration = false;
            options.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = ValidateSessionAsync,
                // Pages send a person to their login page; an API answers 401/403 problems and never redirects.
                OnRedirectToLogin = context => Surface.Of(context.HttpContext) is PageSurface pages
                    ? pages.ToLoginAsync(context.HttpContext)
                    : CredentialChallenge.WriteAsync(context.HttpContext, 401, ProblemCodes.MissingCredentials,
                        "Log in (POST /v1/auth/login) or send an API key and secret."),
                OnRedirectToAccessDenied = context => Surface.Of(context.HttpContext) is PageSurface
                    ? PageSurface.RefuseAsync(context.HttpContext, StatusCodes.Status403Forbidden)
                    : Problems.WriteAsync(context.HttpContext, 403, ProblemCodes.InsufficientPermissions,
                        "Your role does not allow this call."),
            };
        });

    /// <summary>Whether the caller signed in through the dashboard's session, rather than with a key (or not at all).</summary>
    public static bool IsSession(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName };

    public static ClaimsPrincipal PrincipalFor(User user, Session session) => new(new ClaimsIdentity(
    [
        new Claim(Caller.AccountClaim, user.AccountId),
        new Claim(Caller.UserClaim, user.Id),
        new Claim(Caller.SessionClaim, session.Id),
        Caller.PermissionClaim(Roles.PermissionsOf(user.Role)),
        new Claim(Caller.OperatorClaim, user.IsOperator ? "true" : "false"),
        // For the dashboard's own display: who is logged in, and as what.
        new Claim(ClaimTypes.Name, user.Email),
        new Claim(ClaimTypes.Role, Roles.NameOf(user.Role)),
    ], SchemeName));

    /// <summary>
    /// Added for the request when the user still holds a password someone else handed out: the dashboard sends them to
    /// change it before anything else. Read from the user's row on each request, so changing it lifts it at once.
    /// </summary>
    public const string MustChangePasswordClaim = "kg:must-change-password";

    /// <summary>A cookie is good only while its session row is: logout ends it for every copy of the cookie.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(Caller.SessionClaim);
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var db = services.GetRequiredService<KeygateDbContext>();
        var live = sessionId is null ? null : await db.Sessions
            .Where(s => s.Id == sessionId && s.EndedAt == null && s.ExpiresAt > now)
            .Select(s => new { MustChangePassword = db.Users.Where(u => u.Id == s.UserId).Select(u => u.MustChangePassword).FirstOrDefault() })
            .FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (live is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
        }
        else if (live.MustChangePassword && context.Principal!.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }
    }
}
