using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Accounts;

/// <summary>
/// The users of the caller's account, for dashboard sessions only (a key never manages people): anyone logged in
/// reads the list, owners and admins change it.
/// </summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/users").WithTags("Users").RequireAuthorization(Policies.Session);
        group.MapGet("/", ListUsers.HandleAsync).WithName("ListUsers");
        group.MapPost("/", CreateUser.HandleAsync).WithName("CreateUser").RequireAuthorization(Policies.UserManager).CarriesSecret();
        group.MapPatch("/{id}", ChangeUser.RoleAsync).WithName("ChangeUserRole").RequireAuthorization(Policies.UserManager)
            .Accepts<ChangeUserRoleRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id}/disable", ChangeUser.DisableAsync).WithName("DisableUser").RequireAuthorization(Policies.UserManager);
        group.MapPost("/{id}/enable", ChangeUser.EnableAsync).WithName("EnableUser").RequireAuthorization(Policies.UserManager);
        return group;
    }
}
