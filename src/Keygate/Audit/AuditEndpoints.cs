using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Audit;

/// <summary>The audit trail, read-only: no call edits or deletes an entry.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/audit").WithTags("Audit").RequirePermission(Permission.AuditRead);
        group.MapGet("/", ListAsync).WithName("ListAuditEvents");
        group.MapGet("/export", ExportAuditEvents.Handle).WithName("ExportAuditEvents");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAuditChain");
        return group;
    }

    private static async Task<Results<Ok<Page<AuditEventResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] AuditFilter filter, int? limit, string? cursor, HttpContext http, ListAuditEvents events, CancellationToken cancellationToken) =>
        (await events.ListAsync(Caller.From(http.User), filter, limit, cursor, cancellationToken)).ToOk();

    private static async Task<Ok<AuditVerification>> VerifyAsync(HttpContext http, VerifyAuditChain chain, CancellationToken cancellationToken) =>
        TypedResults.Ok(await chain.VerifyAsync(Caller.From(http.User), cancellationToken));
}
