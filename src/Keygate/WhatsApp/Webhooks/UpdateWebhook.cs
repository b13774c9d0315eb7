using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Webhooks;

/// <summary><c>PATCH /v1/webhooks/{id}</c>: a JSON merge patch of url, events, phoneNumberIds, description and active, guarded by <c>If-Match</c>.</summary>
internal static class UpdateWebhook
{
    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> HandleAsync(
        string id, JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, CallbackGuard guard,
        IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var subscription = await WebhookAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken);
        if (subscription is null)
        {
            return Problems.NotFound("webhook subscription");
        }
        if (Preconditions.IsStale(http, subscription.ETag))
        {
            return Problems.PreconditionFailed();
        }
        var draft = WebhookDraft.From(subscription);
        var errors = new FieldErrors();
        if (WebhookFields.Read(body, draft, errors, creating: false, options.Value.AllowHttp)
            && await guard.RefusalAsync(draft.Url!, cancellationToken) is { } refusal)
        {
            errors.Add("url", refusal);
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }

        var before = WebhookAccess.Snapshot(subscription);
        draft.ApplyTo(subscription);
        subscription.UpdatedAt = time.GetUtcNow().UtcDateTime;
        subscription.Version++;
        try
        {
            await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(http, AuditEventType.WebhookUpdated, before, subscription, id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        http.Response.Headers.ETag = subscription.ETag;
        return TypedResults.Ok(subscription.ToResponse());
    }
}
