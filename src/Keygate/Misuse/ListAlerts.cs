using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Misuse;

/// <summary>The caller's account's alerts, newest first (<c>GET /v1/alerts</c> and the dashboard's alerts page).</summary>
internal sealed class ListAlerts(KeygateDbContext db)
{
    /// <summary>Filtered by <c>status</c> (open or resolved; null for both), a key's id and an alert kind, each optional.</summary>
    public async Task<Outcome<Page<AlertResponse>>> ListAsync(Caller caller, string? status, string? keyId, string? kind, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var query = db.Alerts.AsNoTracking().Where(a => a.AccountId == caller.AccountId);
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
            return Refusal.Invalid(errors);
        }
        return Outcome.Done(await query.NewestFirstAsync(take, after, a => a.ToResponse(), cancellationToken));
    }

    private static IQueryable<Alert> Invalid(IQueryable<Alert> query, FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return query;
    }
}
