using Keygate.Authorization;
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
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, s => s.ToResponse(), cancellationToken));
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
