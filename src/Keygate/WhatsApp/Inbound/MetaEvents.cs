using System.Globalization;
using System.Text.Json;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// Applies Meta's webhook events: inbound messages go into history (once, however often Meta retries),
/// open the 24-hour window and record the sender as a contact; statuses extend the message's timeline.
/// </summary>
internal sealed class MetaEvents(MessageLog log, ConversationWindows windows, ContactBook contacts)
{
    /// <summary>The phone-number ids the events are for (<c>entry[].changes[].value.metadata.phone_number_id</c>).</summary>
    public static List<string> PhoneNumberIds(JsonElement root) =>
        [.. Values(root).Select(v => v.TryGetProperty("metadata", out var m) ? MessageContentRules.String(m, "phone_number_id") : null).OfType<string>().Distinct()];

    public async Task ProcessAsync(JsonElement root, IReadOnlyList<PhoneNumber> numbers, CancellationToken cancellationToken)
    {
        foreach (var value in Values(root))
        {
            var id = value.TryGetProperty("metadata", out var metadata) ? MessageContentRules.String(metadata, "phone_number_id") : null;
            if (numbers.FirstOrDefault(n => n.Id == id) is not { } number)
            {
                continue;
            }
            foreach (var message in Array(value, "messages"))
            {
                await ReceiveAsync(number, message, ProfileName(value, MessageContentRules.String(message, "from")), cancellationToken);
            }
            foreach (var status in Array(value, "statuses"))
            {
                await StatusAsync(status);
            }
        }
    }

    private async Task ReceiveAsync(PhoneNumber number, JsonElement message, string? profileName, CancellationToken cancellationToken)
    {
        var wamid = MessageContentRules.String(message, "id");
        var from = MessageContentRules.String(message, "from") is { } sender ? WaIds.Normalize(sender) : null;
        var type = MessageContentRules.String(message, "type") ?? "unknown";
        if (!Wamids.IsWamid(wamid) || from is null)
        {
            return;
        }
        var at = TimeOf(message);
        await log.AddAsync(new Message
        {
            Id = wamid!,
            AccountId = number.AccountId,
            PhoneNumberId = number.Id,
            Direction = MessageDirection.Inbound,
            Counterpart = from,
            Type = type.Length <= 20 ? type : "unknown",
            Content = message.TryGetProperty(type, out var content) ? content.GetRawText() : "{}",
            Status = MessageState.Received,
            CreatedAt = at,
            UpdatedAt = at,
            Timeline = [new MessageStatusChange { MessageId = wamid!, Status = MessageState.Received, At = at }],
        });
        windows.CustomerWrote(number.Id, from, at);
        await contacts.RecordInboundAsync(number.AccountId, from, profileName, cancellationToken);
    }

    private Task StatusAsync(JsonElement status)
    {
        var wamid = MessageContentRules.String(status, "id");
        if (!Wamids.IsWamid(wamid) || !MessageNames.TryParse(MessageContentRules.String(status, "status"), out var state)
            || state is MessageState.Accepted or MessageState.Received)
        {
            return Task.CompletedTask;
        }
        var errors = status.TryGetProperty("errors", out var list) ? list.GetRawText() : null;
        return log.UpdateAsync(new MessageLog.StatusUpdate(wamid!, state, TimeOf(status), errors));
    }

    private static DateTime TimeOf(JsonElement item) =>
        long.TryParse(MessageContentRules.String(item, "timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : DateTime.UtcNow;

    private static string? ProfileName(JsonElement value, string? waId) =>
        Array(value, "contacts").Where(c => MessageContentRules.String(c, "wa_id") == waId)
            .Select(c => c.TryGetProperty("profile", out var profile) ? MessageContentRules.String(profile, "name") : null).FirstOrDefault();

    private static IEnumerable<JsonElement> Values(JsonElement root) =>
        Array(root, "entry").SelectMany(entry => Array(entry, "changes"))
            .Where(change => change.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Object)
            .Select(change => change.GetProperty("value"));

    private static JsonElement[] Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? [.. array.EnumerateArray()]
            : [];
}
