using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Webhooks;

/// <summary><c>GET /v1/webhooks/{id}/deliveries</c>: the subscription's delivery log, newest first, cursor-paged; <c>status</c> filters.</summary>
internal static class ListWebhookDeliveries
{
    public static async Task<Results<Ok<Page<WebhookDeliveryResponse>>, ProblemHttpResult>> HandleAsync(
        string id, string? status, int? limit, string? cursor, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var wanted = default(DeliveryStatus);
        if (status is not null && !WebhookMapping.TryParseStatus(status, out wanted))
        {
            errors.Add("status", "One of pending, delivered, failed.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var subscription = await WebhookAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken);
        if (subscription is null)
        {
            return Problems.NotFound("webhook subscription");
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id);
        if (status is not null)
        {
            query = query.Where(d => d.Status == wanted);
        }
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, d => d.ToResponse(), cancellationToken));
    }
}
