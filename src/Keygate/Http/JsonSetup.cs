using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keygate.Http;

internal static class JsonSetup
{
    /// <summary>Strict input: an unknown field is an error rather than silently dropped.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = 32;
    }
}
