using System.Text.Json;
using System.Text.Json.Nodes;

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
