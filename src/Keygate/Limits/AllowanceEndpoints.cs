using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Limits;

internal static class AllowanceEndpoints
{
    public static RouteHandlerBuilder MapAllowanceEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/keys/{id}/allowances", GetAsync).WithTags("Keys").WithName("GetKeyAllowances")
            .RequirePermission(Permission.KeysRead);

    private static async Task<Results<Ok<IReadOnlyList<Allowance>>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, KeyAllowances allowances, CancellationToken cancellationToken) =>
        (await allowances.ForKeyAsync(Caller.From(http.User), id, cancellationToken)).ToOk();
}
