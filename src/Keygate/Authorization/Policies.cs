using Keygate.Authentication;
using Keygate.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Keygate.Authorization;

/// <summary>Permissions as authorization policies: one per catalogue entry, named <c>permission:{name}</c>. Deny by default.</summary>
internal static class Policies
{
    public const string Operator = "operator";

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

/// <summary>A refused API call answers with a problem naming the permission that was missing; a dashboard page, with its HTML 403.</summary>
internal sealed class ProblemResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Forbidden || Dashboard.DashboardPaths.Contains(context))
        {
            return _default.HandleAsync(next, context, policy, result);
        }
        var missing = result.AuthorizationFailure?.FailedRequirements.OfType<PermissionRequirement>().FirstOrDefault();
        var detail = missing is null
            ? "You may not make this call."
            : $"This call needs the '{PermissionCatalog.NameOf(missing.Permission)}' permission.";
        return Problems.WriteAsync(context, 403, ProblemCodes.InsufficientPermissions, detail);
    }
}
