using System.Text.Json;

namespace Keygate.WhatsApp.Providers;

/// <summary>Reading what Meta's Graph API answered, defensively: a body of another shape proves and changes nothing.</summary>
internal static class GraphJson
{
    /// <summary>Meta's body read with <paramref name="read"/>; default for anything but a JSON object.</summary>
    public static T? Read<T>(string body, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Meta gives a <c>next</c> link only while there is another page; its cursor is <c>paging.cursors.after</c>.</summary>
    public static string? NextCursor(JsonElement root) =>
        root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object && paging.TryGetProperty("next", out _)
        && paging.TryGetProperty("cursors", out var cursors) && cursors.ValueKind == JsonValueKind.Object
        && cursors.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.String
            ? after.GetString()
            : null;

    /// <summary>The <c>data</c> array's objects.</summary>
    public static IEnumerable<JsonElement> Data(JsonElement root) =>
        root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : [];

    /// <summary>A short text field (a status, a name, an id given as a number or a string); null when absent, too long or of another kind.</summary>
    public static string? Text(JsonElement element, string name, int maxLength = 64) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && (value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Number ? value.GetRawText() : null) is { } text
        && text.Length is > 0 && text.Length <= maxLength
            ? text
            : null;
}
