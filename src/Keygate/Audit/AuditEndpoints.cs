using Keygate.Authorization;

namespace Keygate.Audit;

/// <summary>The audit trail, read-only: no call edits or deletes an entry.</summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/audit").WithTags("Audit").RequirePermission(Permission.AuditRead);
        group.MapGet("/", ListAuditEvents.HandleAsync).WithName("ListAuditEvents");
        group.MapGet("/export", ExportAuditEvents.Handle).WithName("ExportAuditEvents");
        group.MapGet("/verify", VerifyAuditChain.HandleAsync).WithName("VerifyAuditChain");
        return group;
    }
}
