using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Webhooks;

/// <summary>
/// <c>POST /v1/webhooks/{id}/rotate-secret</c>: a new signing secret, shown once. It signs every attempt
/// from now on, retries of earlier events included: the header carries one signature, as Meta's does.
/// </summary>
internal static class RotateWebhookSecret
{
    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> HandleAsync(
        string id, HttpContext http, KeygateDbContext db, AuditLog audit, SecretProtector protector, TimeProvider time,
        CancellationToken cancellationToken)
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
        var secret = WebhookSecret.New();
        subscription.EncryptedSecret = protector.Encrypt(secret, subscription.Id);
        subscription.UpdatedAt = time.GetUtcNow().UtcDateTime;
        subscription.Version++;
        try
        {
            // The trail records that a rotation happened; the secret is in no snapshot.
            await audit.SaveWithAuditAsync(db, WebhookAccess.Entry(http, AuditEventType.WebhookSecretRotated, null, null, id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        http.Response.Headers.ETag = subscription.ETag;
        return TypedResults.Ok(subscription.ToResponse(secret));
    }
}
