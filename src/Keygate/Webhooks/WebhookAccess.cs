using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Webhooks;

/// <summary>What every subscription operation shares: account isolation, and what the audit trail records.</summary>
internal static class WebhookAccess
{
    // Bookkeeping, not settings, or the target itself.
    private static readonly string[] NotRecorded = ["id", "createdAt", "updatedAt"];

    /// <summary>The caller's own account's subscription, or null: another account's is indistinguishable from one that never existed.</summary>
    public static Task<WebhookSubscription?> FindAsync(KeygateDbContext db, Caller caller, string id, CancellationToken cancellationToken) =>
        db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id && s.AccountId == caller.AccountId, cancellationToken);

    /// <summary>The subscription to change, or why not: none in the caller's account, or changed since the version the caller saw.</summary>
    public static async Task<(WebhookSubscription? Subscription, Refusal? Refusal)> FindToChangeAsync(
        KeygateDbContext db, Caller caller, string id, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(db, caller, id, cancellationToken);
        if (subscription is null)
        {
            return (null, NotFound);
        }
        return ifMatch.IsStale(subscription.ETag) ? (null, Refusal.Stale) : (subscription, null);
    }

    public static Refusal NotFound => Refusal.NotFound("webhook subscription");

    /// <summary>The subscription as the API shows it, which by construction carries no secret.</summary>
    public static JsonObject Snapshot(WebhookSubscription subscription)
    {
        var snapshot = JsonSerializer.SerializeToNode(subscription.ToResponse(), JsonSerializerOptions.Web)!.AsObject();
        foreach (var name in NotRecorded)
        {
            snapshot.Remove(name);
        }
        return snapshot;
    }

    /// <summary>The caller's action on a subscription; <paramref name="before"/> is null for a create, <paramref name="after"/> for a delete.</summary>
    public static AuditEntry Entry(Actor actor, AuditEventType type, JsonObject? before, WebhookSubscription? after, string id) =>
        AuditEntry.By(actor, type, AuditTargetType.Webhook, id, AuditChanges.Between(before, after is null ? [] : Snapshot(after)));
}
