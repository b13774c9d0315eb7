using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Accounts;
using Keygate.Authentication;
using Keygate.Keys;

namespace Keygate.Audit;

/// <summary>The <c>changes</c> of an entry: <c>{"field": {"before": …, "after": …}}</c>, for the fields that differ only.</summary>
internal static class AuditChanges
{
    public static JsonObject Between(JsonObject? before, JsonObject after)
    {
        var changes = new JsonObject();
        var names = (before?.Select(p => p.Key) ?? []).Union(after.Select(p => p.Key), StringComparer.Ordinal);
        foreach (var name in names)
        {
            var old = before?[name];
            var now = after[name];
            if (!JsonNode.DeepEquals(old, now))
            {
                changes[name] = Change(old?.DeepClone(), now?.DeepClone());
            }
        }
        return changes;
    }

    /// <summary>
    /// An object as the API shows it, less the named bookkeeping fields: what a feature's entries record, so that
    /// they hold exactly what the API may show (never a secret the API itself withholds).
    /// </summary>
    public static JsonObject Snapshot<T>(T shown, params string[] notRecorded)
    {
        var snapshot = JsonSerializer.SerializeToNode(shown, JsonSerializerOptions.Web)!.AsObject();
        foreach (var name in notRecorded)
        {
            snapshot.Remove(name);
        }
        return snapshot;
    }

    /// <summary>A value that is a fact of the action rather than a stored field, such as a rotation's grace period.</summary>
    public static JsonObject Change(JsonNode? before, JsonNode? after) => new() { ["before"] = before, ["after"] = after };
}

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

/// <summary>What the trail records of a new account: its name and its owner's e-mail, never the one-time password.</summary>
internal static class AccountChanges
{
    public static JsonObject Created(Account account, User owner) =>
        AuditChanges.Between(null, new JsonObject { ["name"] = account.Name, ["ownerEmail"] = owner.Email });
}

/// <summary>What the trail records of a user: e-mail, role and status, never a password or its hash.</summary>
internal static class UserChanges
{
    public static JsonObject Snapshot(User user) => new()
    {
        ["email"] = user.Email,
        ["role"] = Roles.NameOf(user.Role),
        ["status"] = UserMapping.StatusOf(user),
    };

    /// <summary>The caller's action on a user; <paramref name="before"/> is null for a create.</summary>
    public static AuditEntry Entry(HttpContext http, AuditEventType type, JsonObject? before, User user) =>
        AuditEntry.ByCaller(http, type, AuditTargetType.User, user.Id, AuditChanges.Between(before, Snapshot(user)));
}
