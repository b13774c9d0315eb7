using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;

namespace Keygate.Keys;

/// <summary>What the trail records of a key: its settings as the API shows them.</summary>
internal static class KeyChanges
{
    // Bookkeeping and usage, not settings: they change without anyone acting on the key, or name the target itself.
    private static readonly string[] NotRecorded = ["id", "createdAt", "updatedAt", "lastUsedAt", "lastUsedIp"];

    /// <summary>
    /// The key object of the API, which by construction carries neither the secret nor any hash or ciphertext
    /// of it; the last four characters it does carry (<c>secretHint</c>) are checksum characters, not secret ones.
    /// </summary>
    public static JsonObject Snapshot(ApiKey key, DateTime now)
    {
        var snapshot = JsonSerializer.SerializeToNode(key.ToResponse(now), JsonSerializerOptions.Web)!.AsObject();
        foreach (var name in NotRecorded)
        {
            snapshot.Remove(name);
        }
        return snapshot;
    }

    /// <summary>The caller's action on a key; <paramref name="before"/> is null for a create.</summary>
    public static AuditEntry Entry(Actor actor, AuditEventType type, JsonObject? before, ApiKey key, DateTime now) =>
        AuditEntry.By(actor, type, AuditTargetType.Key, key.Id, AuditChanges.Between(before, Snapshot(key, now)));
}
