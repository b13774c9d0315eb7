using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keygate.Http;

internal static class JsonMergePatch
{
    /// <summary>RFC 7396 applied to an object: members set, nested objects merged, null removes.</summary>
    public static JsonObject Apply(JsonObject target, JsonElement patch)
    {
        foreach (var member in patch.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                target.Remove(member.Name);
            }
            else if (member.Value.ValueKind == JsonValueKind.Object && target[member.Name] is JsonObject nested)
            {
                Apply(nested, member.Value);
            }
            else
            {
                target[member.Name] = JsonNode.Parse(member.Value.GetRawText());
            }
        }
        return target;
    }
}
