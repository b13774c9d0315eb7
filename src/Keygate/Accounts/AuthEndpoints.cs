using System.Security.Claims;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Accounts;

internal static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/auth").WithTags("Authentication");
        group.MapPost("/login", LoginAsync).WithName("Login").AllowAnonymous();
        group.MapPost("/logout", LogoutAsync).WithName("Logout").RequireAuthorization().OpenBeforePasswordChange();
        group.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").RequireAuthorization(Policies.Session).OpenBeforePasswordChange();
        return group;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(LoginRequest request, HttpContext http, LogIn logIn)
    {
        var outcome = await logIn.LogInAsync(request, AuditEntry.AddressOf(http), http.RequestAborted);
        if (outcome.Value is not { } signedIn)
        {
            return outcome.ToProblem(http.Response);
        }
        var user = signedIn.User;
        await http.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalFor(user, signedIn.Session));
        return TypedResults.Ok(new LoginResponse(user.Id, user.Email, user.AccountId, Roles.NameOf(user.Role), user.IsOperator, user.MustChangePassword));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext http, ChangePassword change)
    {
        var outcome = await change.ChangeAsync(Actor.From(http), http.User.FindFirstValue(Caller.SessionClaim), request, http.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToProblem(http.Response);
    }

    private static async Task<NoContent> LogoutAsync(HttpContext http, LogOut logOut)
    {
        if (http.User.FindFirstValue(Caller.SessionClaim) is { } sessionId)
        {
            await logOut.LogOutAsync(Actor.From(http), sessionId, http.RequestAborted);
            await http.SignOutAsync(SessionCookie.SchemeName);
        }
        return TypedResults.NoContent();
    }
}
