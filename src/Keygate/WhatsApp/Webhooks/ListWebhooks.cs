using Keygate.Authentication;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Webhooks;

/// <summary><c>GET /v1/webhooks</c> (newest first, cursor-paged) and <c>GET /v1/webhooks/{id}</c>. Never the secret.</summary>
internal static class ListWebhooks
{
    public static async Task<Results<Ok<Page<WebhookResponse>>, ProblemHttpResult>> HandleAsync(
        int? limit, string? cursor, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var accountId = Caller.From(http.User).AccountId;
        var query = db.WebhookSubscriptions.AsNoTracking().Where(s => s.AccountId == accountId);
        if (after is { } position)
        {
            query = query.Where(s => s.CreatedAt < position.CreatedAt || (s.CreatedAt == position.CreatedAt && string.Compare(s.Id, position.Id) < 0));
        }
        var rows = await query.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = rows.Count > take ? new Cursor(rows[take - 1].CreatedAt, rows[take - 1].Id).Encode() : null;
        return TypedResults.Ok(new Page<WebhookResponse>([.. rows.Take(take).Select(s => s.ToResponse())], next));
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken);
        if (subscription is null)
        {
            return Problems.NotFound("webhook subscription");
        }
        http.Response.Headers.ETag = subscription.ETag;
        return TypedResults.Ok(subscription.ToResponse());
    }
}
