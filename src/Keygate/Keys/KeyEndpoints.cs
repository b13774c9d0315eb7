using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Keys;

internal static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").WithTags("Keys");

        group.MapPost("/", CreateKey.HandleAsync).WithName("CreateKey").CarriesSecret()
            .RequirePermission(Permission.KeysManage).Accepts<CreateKeyRequest>("application/json");
        group.MapGet("/", ListKeys.HandleAsync).WithName("ListKeys").RequirePermission(Permission.KeysRead);
        group.MapGet("/{id}", ListKeys.GetAsync).WithName("GetKey").RequirePermission(Permission.KeysRead);
        group.MapPatch("/{id}", UpdateKey.HandleAsync).WithName("UpdateKey")
            .RequirePermission(Permission.KeysManage).Accepts<CreateKeyRequest>("application/merge-patch+json", "application/json");
        group.MapPost("/{id}/rotate", RotateKey.HandleAsync).WithName("RotateKey").RequirePermission(Permission.KeysManage).CarriesSecret();
        group.MapPost("/{id}/disable", ChangeKeyStatus.DisableAsync).WithName("DisableKey").RequirePermission(Permission.KeysManage);
        group.MapPost("/{id}/enable", ChangeKeyStatus.EnableAsync).WithName("EnableKey").RequirePermission(Permission.KeysManage);
        group.MapPost("/{id}/revoke", ChangeKeyStatus.RevokeAsync).WithName("RevokeKey").RequirePermission(Permission.KeysManage);
        group.MapPost("/verify", VerifyKey.HandleAsync).WithName("VerifyKey").RequirePermission(Permission.KeysVerify);
        return group;
    }
}
