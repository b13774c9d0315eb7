using Keygate.Authorization;

namespace Keygate.Verifying;

/// <summary>
/// <c>POST /v1/keys/verify</c>, beside the key routes but apart from them: checking a key for another service spans the
/// verifier, the limits and the observation, so it sits above all three, not inside Keys.
/// </summary>
internal static class VerificationEndpoints
{
    public static RouteHandlerBuilder MapKeyVerification(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/v1/keys").WithTags("Keys")
            .MapPost("/verify", VerifyKey.HandleAsync).WithName("VerifyKey").RequirePermission(Permission.KeysVerify);
}
