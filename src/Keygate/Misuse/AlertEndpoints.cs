using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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
    internal static async Task<Results<Ok<Page<AlertResponse>>, ProblemHttpResult>> ListAsync(
        string? status, string? keyId, string? kind, int? limit, string? cursor, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var accountId = Caller.From(http.User).AccountId;
        var query = db.Alerts.AsNoTracking().Where(a => a.AccountId == accountId);
        query = status switch
        {
            null => query,
            "open" => query.Where(a => a.ResolvedAt == null),
            "resolved" => query.Where(a => a.ResolvedAt != null),
            _ => Invalid(query, errors, "status", "open or resolved."),
        };
        if (keyId is not null)
        {
            query = query.Where(a => a.KeyId == keyId);
        }
        if (kind is not null)
        {
            query = AlertNames.TryParse(kind, out var wanted) ? query.Where(a => a.Kind == wanted) : Invalid(query, errors, "kind", "Not an alert kind.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, a => a.ToResponse(), cancellationToken));
    }

    internal static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> ResolveAsync(
        string id, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id && a.AccountId == caller.AccountId, cancellationToken);
        if (alert is null)
        {
            return Problems.NotFound("alert");
        }
        if (alert.ResolvedAt is null)
        {
            alert.ResolvedAt = time.GetUtcNow().UtcDateTime;
            alert.ResolvedBy = caller.KeyId ?? caller.UserId;
            await audit.SaveWithAuditAsync(db, AuditEntry.ByCaller(http, AuditEventType.AlertResolved, AuditTargetType.Alert, alert.Id,
                AuditChanges.Between(null, new() { ["kind"] = AlertNames.Of(alert.Kind), ["keyId"] = alert.KeyId })), cancellationToken);
        }
        return TypedResults.Ok(alert.ToResponse());
    }

    private static IQueryable<Alert> Invalid(IQueryable<Alert> query, FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return query;
    }
}
