using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Webhooks;

/// <summary>
/// An account's subscriptions (newest first, cursor-paged), one of them, and its delivery log (newest first,
/// cursor-paged, <c>status</c> filters): what <c>GET /v1/webhooks…</c> and the dashboard's pages show. Never the secret.
/// </summary>
internal sealed class WebhookQueries(KeygateDbContext db)
{
    public async Task<Outcome<Page<WebhookResponse>>> ListAsync(Caller caller, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        var accountId = caller.AccountId;
        var query = db.WebhookSubscriptions.AsNoTracking().Where(s => s.AccountId == accountId);
        return Outcome.Done(await query.NewestFirstAsync(take, after, s => s.ToResponse(), cancellationToken));
    }

    public async Task<Versioned<WebhookResponse>?> FindAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await WebhookAccess.FindAsync(db, caller, id, cancellationToken) is { } subscription ? subscription.ToVersioned() : null;

    public async Task<Outcome<Page<WebhookDeliveryResponse>>> ListDeliveriesAsync(Caller caller, string id, string? status, int? limit, string? cursor,
        CancellationToken cancellationToken)
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
            return Refusal.Invalid(errors);
        }
        var subscription = await WebhookAccess.FindAsync(db, caller, id, cancellationToken);
        if (subscription is null)
        {
            return WebhookAccess.NotFound;
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id);
        if (status is not null)
        {
            query = query.Where(d => d.Status == wanted);
        }
        return Outcome.Done(await query.NewestFirstAsync(take, after, d => d.ToResponse(), cancellationToken));
    }
}
