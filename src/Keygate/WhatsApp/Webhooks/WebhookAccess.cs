using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Webhooks;

/// <summary>What every subscription operation shares: account isolation, and what the audit trail records.</summary>
internal static class WebhookAccess
{
    // Bookkeeping, not settings, or the target itself.
    private static readonly string[] NotRecorded = ["id", "createdAt", "updatedAt"];

    /// <summary>The caller's own account's subscription, or null: another account's is indistinguishable from one that never existed.</summary>
    public static Task<WebhookSubscription?> FindAsync(KeygateDbContext db, Caller caller, string id, CancellationToken cancellationToken) =>
        db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id && s.AccountId == caller.AccountId, cancellationToken);

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
    public static AuditEntry Entry(HttpContext http, AuditEventType type, JsonObject? before, WebhookSubscription? after, string id) =>
        AuditEntry.ByCaller(http, type, AuditTargetType.Webhook, id, AuditChanges.Between(before, after is null ? [] : Snapshot(after)));
}
