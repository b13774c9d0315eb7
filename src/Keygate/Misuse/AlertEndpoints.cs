using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Misuse;

internal static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/alerts").WithTags("Alerts");
        group.MapGet("/", ListAsync).WithName("ListAlerts").RequirePermission(Permission.KeysRead);
        group.MapPost("/{id}/resolve", ResolveAsync).WithName("ResolveAlert").RequirePermission(Permission.KeysManage);
        return group;
    }

    /// <summary>Newest first; <c>status</c> open or resolved, <c>keyId</c>, <c>kind</c>.</summary>
    private static async Task<Results<Ok<Page<AlertResponse>>, ProblemHttpResult>> ListAsync(
        string? status, string? keyId, string? kind, int? limit, string? cursor, HttpContext http, ListAlerts alerts, CancellationToken cancellationToken) =>
        (await alerts.ListAsync(Caller.From(http.User), status, keyId, kind, limit, cursor, cancellationToken)).ToOk();

    private static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> ResolveAsync(
        string id, HttpContext http, ResolveAlert resolve, CancellationToken cancellationToken) =>
        (await resolve.ResolveAsync(Actor.From(http), id, cancellationToken)).ToOk();
}
