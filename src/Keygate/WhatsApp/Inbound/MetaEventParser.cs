using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Keygate.WhatsApp.Messages;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// One <c>entry[].changes[]</c> of Meta's event body, reduced to what Keygate applies: <c>WabaId</c> is
/// <c>entry[].id</c>, <c>PhoneNumberId</c> is <c>value.metadata.phone_number_id</c>, null for events about the
/// account itself (<c>message_template_status_update</c>, <c>account_update</c>, <c>phone_number_quality_update</c>, …).
/// <c>Value</c> is the change's <c>value</c> as Meta sent it, for the features that read more of it.
/// </summary>
internal sealed record MetaChange(string? WabaId, string? Field, string? PhoneNumberId, IReadOnlyList<InboundMessage> Messages, IReadOnlyList<StatusReport> Statuses,
    JsonElement Value);

internal sealed record InboundMessage(string Wamid, string From, string Type, string Content, DateTime At, string? ProfileName);

internal sealed record StatusReport(string Wamid, MessageState Status, DateTime At, string? Errors);

/// <summary>
/// Reads Meta's webhook body after its signature held. Meta's own shapes change and grow, so the reader is
/// lenient: whatever is missing, of the wrong type or out of range is skipped, and nothing in the body can
/// make it throw.
/// </summary>
internal static class MetaEventParser
{
    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>The changes the body holds; null when it is not JSON (or not UTF-8, not Unicode, or nested past the reader's depth).</summary>
    public static IReadOnlyList<MetaChange>? Parse(byte[] body, DateTime receivedAt)
    {
        if (!Utf8.IsValid(body))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return Changes(document.RootElement, receivedAt);
        }
        // A lone surrogate escape ("\uD800") is valid JSON but no text: reading it, as a value or as a name, throws.
        // Meta's encoder never writes one, so such a body is refused whole rather than read in part.
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static List<MetaChange> Changes(JsonElement root, DateTime receivedAt) =>
        [.. Objects(root, "entry").SelectMany(entry => Objects(entry, "changes").Select(change => Change(entry, change, receivedAt)))];

    private static MetaChange Change(JsonElement entry, JsonElement change, DateTime receivedAt)
    {
        var value = Property(change, "value");
        return new MetaChange(Text(entry, "id"), Text(change, "field"), Text(Property(value, "metadata"), "phone_number_id"),
            [.. Objects(value, "messages").Select(message => Inbound(value, message, receivedAt)).OfType<InboundMessage>()],
            [.. Objects(value, "statuses").Select(status => Status(status, receivedAt)).OfType<StatusReport>()], value.Clone());
    }

    private static InboundMessage? Inbound(JsonElement value, JsonElement message, DateTime receivedAt)
    {
        var wamid = Text(message, "id");
        var sender = Text(message, "from");
        if (!Wamids.IsWamid(wamid) || sender is null || WaIds.Normalize(sender) is not { } from)
        {
            return null;
        }
        var type = Text(message, "type") is { Length: > 0 and <= 20 } named ? named : "unknown";
        var content = Property(message, type) is { ValueKind: not JsonValueKind.Undefined } body ? body.GetRawText() : "{}";
        var profileName = Objects(value, "contacts").Where(c => Text(c, "wa_id") == sender).Select(c => Text(Property(c, "profile"), "name")).FirstOrDefault();
        return new InboundMessage(wamid!, from, type, content, TimeOf(message, receivedAt), profileName);
    }

    private static StatusReport? Status(JsonElement status, DateTime receivedAt)
    {
        var wamid = Text(status, "id");
        // accepted and received are Keygate's own first steps, never a status Meta reports.
        if (!Wamids.IsWamid(wamid) || !MessageNames.TryParse(Text(status, "status"), out var state) || state is MessageState.Accepted or MessageState.Received)
        {
            return null;
        }
        var errors = Property(status, "errors") is { ValueKind: JsonValueKind.Array } list ? list.GetRawText() : null;
        return new StatusReport(wamid!, state, TimeOf(status, receivedAt), errors);
    }

    /// <summary>Meta's Unix seconds (a string); the arrival time when it is missing or no date at all.</summary>
    private static DateTime TimeOf(JsonElement item, DateTime receivedAt) =>
        long.TryParse(Text(item, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : receivedAt;

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static IEnumerable<JsonElement> Objects(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object)
            : [];
}
