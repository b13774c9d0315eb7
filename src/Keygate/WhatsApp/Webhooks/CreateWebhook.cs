using System.Text.Json;
using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Webhooks;

/// <summary><c>POST /v1/webhooks</c>: a new subscription, answered with its signing secret, which is never shown again.</summary>
internal static class CreateWebhook
{
    public static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> HandleAsync(
        JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, SecretProtector protector, CallbackGuard guard,
        IOptions<WebhookOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var draft = new WebhookDraft();
        var errors = new FieldErrors();
        if (WebhookFields.Read(body, draft, errors, creating: true, options.Value.AllowHttp)
            && await guard.RefusalAsync(draft.Url!, cancellationToken) is { } refusal)
        {
            errors.Add("url", refusal);
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        if (await AccountCaps.ReachedAsync(http, db, AccountCap.Webhooks, cancellationToken) is { } full)
        {
            return full.Problem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var id = Ids.New("whs");
        var secret = WebhookSecret.New();
        var subscription = new WebhookSubscription
        {
            Id = id,
            AccountId = caller.AccountId,
            Url = draft.Url!.AbsoluteUri,
            EncryptedSecret = protector.Encrypt(secret, id),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        draft.ApplyTo(subscription);
        db.WebhookSubscriptions.Add(subscription);
        await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(http, AuditEventType.WebhookCreated, null, subscription, id), cancellationToken);
        http.Response.Headers.ETag = subscription.ETag;
        return TypedResults.Created($"/v1/webhooks/{id}", subscription.ToResponse(secret));
    }
}
