using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Limits;

internal static class AllowanceEndpoints
{
    public static RouteHandlerBuilder MapAllowanceEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/keys/{id}/allowances", GetAsync).WithTags("Keys").WithName("GetKeyAllowances")
            .RequirePermission(Permission.KeysRead);

    /// <summary>How much of each limit a key has left, read without spending any of that key's allowance.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<Allowance>>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, KeygateDbContext db, KeyVerifier verifier, KeyLimiter limiter, CancellationToken cancellationToken)
    {
        if (await KeyAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken) is null
            || await verifier.FindAsync(id, cancellationToken) is not { } key)
        {
            return Problems.NotFound("key");
        }
        return TypedResults.Ok(await limiter.DescribeAsync(key, cancellationToken));
    }
}
