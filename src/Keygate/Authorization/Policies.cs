using Keygate.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Keygate.Authorization;

/// <summary>Permissions as authorization policies: one per catalogue entry, named <c>permission:{name}</c>. Deny by default.</summary>
internal static class Policies
{
    public const string Operator = "operator";

    /// <summary>A dashboard session, whatever its role: API keys are refused.</summary>
    public const string Session = "session";

    /// <summary>A dashboard session of an owner or admin: who manages the account's users.</summary>
    public const string UserManager = "user-manager";

    public static string For(Permission permission) => "permission:" + PermissionCatalog.NameOf(permission);

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(For(permission));

    public static IServiceCollection AddKeygateAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemResultHandler>();
        services.AddAuthorization(options =>
        {
            options.AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireClaim(Caller.OperatorClaim, "true"));
            options.AddPolicy(Session, policy => policy.RequireAuthenticatedUser().RequireClaim(Caller.SessionClaim));
            foreach (var entry in PermissionCatalog.All)
            {
                options.AddPolicy(For(entry.Bit), policy => policy.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(entry.Bit)));
            }
        });
        return services;
    }
}

internal sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.IsAuthenticated() && Caller.From(context.User).Holds(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>A refused API call answers with a problem naming the permission that was missing; a page (<see cref="PageSurface"/>), with its HTML 403.</summary>
internal sealed class ProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Forbidden || Surface.Of(context) is PageSurface)
        {
            return _default.HandleAsync(next, context, policy, result);
        }
        var failed = result.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
        var detail = failed.OfType<PermissionRequirement>().FirstOrDefault() is { } missing
            ? $"This call needs the '{PermissionCatalog.NameOf(missing.Permission)}' permission."
            : failed.OfType<ClaimsAuthorizationRequirement>().Any(r => r.ClaimType == Caller.SessionClaim)
            ? "This call needs a dashboard login; API keys cannot make it."
            : failed.OfType<RolesAuthorizationRequirement>().FirstOrDefault() is { } roles
            ? $"This call needs the role {string.Join(" or ", roles.AllowedRoles)}."
            : "You may not make this call.";
        return Problems.WriteAsync(context, 403, ProblemCodes.InsufficientPermissions, detail);
    }
}
