namespace Keygate.Authorization;

public sealed record PermissionResponse(string Name, string Description);

internal static class PermissionEndpoints
{
    private static readonly PermissionResponse[] Catalogue = [.. PermissionCatalog.All.Select(e => new PermissionResponse(e.Name, e.Description))];

    public static RouteGroupBuilder MapPermissionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/permissions").WithTags("Permissions").RequireAuthorization();
        group.MapGet("/", () => TypedResults.Ok(Catalogue)).WithName("ListPermissions");
        return group;
    }
}
