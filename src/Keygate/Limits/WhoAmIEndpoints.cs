using Keygate.Authorization;
using Keygate.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Limits;

/// <summary><c>/v1/whoami</c>: the caller, and for a key what is left of each of its limits, beside the allowances of any key.</summary>
internal static class WhoAmIEndpoints
{
    public static RouteGroupBuilder MapWhoAmI(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/whoami").WithTags("Keys").RequireAuthorization();
        group.MapGet("/", WhoAmIAsync).WithName("WhoAmI");
        return group;
    }

    /// <summary>The simplest way to test a key: any valid key may ask who it is.</summary>
    private static async Task<Ok<WhoAmIResponse>> WhoAmIAsync(HttpContext http, KeyLimiter limiter)
    {
        var caller = Caller.From(http.User);
        var key = http.Features.Get<KeySnapshot>();
        return TypedResults.Ok(new WhoAmIResponse(
            caller.KeyId, caller.UserId, caller.AccountId,
            key is null ? null : KeyNames.Of(key.Environment),
            PermissionCatalog.Names(caller.Permissions),
            key?.PhoneNumberIds ?? [],
            key?.ExpiresAt,
            key is null ? [] : await limiter.DescribeAsync(key, http.RequestAborted)));
    }
}

/// <summary>Who the caller is; for a key, also every rate limit and quota with what is left of each after this call.</summary>
public sealed record WhoAmIResponse(string? KeyId, string? UserId, string AccountId, string? Environment,
    IReadOnlyList<string> Permissions, IReadOnlyList<string> PhoneNumberIds, DateTime? ExpiresAt, IReadOnlyList<Allowance> Allowances);
