using Keygate.Http;

namespace Keygate.WhatsApp.Messages;

/// <summary>A message sent through Keygate (with the key that sent it) or received from a customer, and where it stands.</summary>
internal sealed class Message : IListedRow
{
    /// <summary>The <c>wamid</c>.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string PhoneNumberId { get; init; }
    /// <summary>The key that sent it; null for an inbound message.</summary>
    public string? KeyId { get; init; }
    public MessageDirection Direction { get; init; }
    /// <summary>The customer's wa id: the recipient of an outbound message, the sender of an inbound one.</summary>
    public required string Counterpart { get; init; }
    public required string Type { get; init; }
    public string? TemplateName { get; init; }
    /// <summary>The message object as sent or received (Meta's JSON for its type).</summary>
    public required string Content { get; init; }
    public MessageState Status { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public List<MessageStatusChange> Timeline { get; init; } = [];
    /// <summary>What an inbound message's webhook carries besides the message object; told to subscribers, not stored.</summary>
    public InboundEnvelope? Envelope { get; init; }

    /// <summary>A message a key sent through a provider, accepted now, with the first step of its timeline.</summary>
    public static Message Outbound(string wamid, PhoneNumbers.PhoneNumber number, string? keyId, OutgoingMessage message, DateTime now) => new()
    {
        Id = wamid,
        AccountId = number.AccountId,
        PhoneNumberId = number.Id,
        KeyId = keyId,
        Direction = MessageDirection.Outbound,
        Counterpart = message.WaId,
        Type = message.Type,
        TemplateName = message.Template?.Name,
        Content = message.Content.GetRawText(),
        Status = MessageState.Accepted,
        CreatedAt = now,
        UpdatedAt = now,
        Timeline = [new MessageStatusChange { MessageId = wamid, Status = MessageState.Accepted, At = now }],
    };
}

/// <summary>The customer's profile name, the message replied to (<c>context</c>) and the ad clicked (<c>referral</c>), in Meta's shapes.</summary>
internal sealed record InboundEnvelope(string? ProfileName, System.Text.Json.Nodes.JsonObject? Context, System.Text.Json.Nodes.JsonObject? Referral);

/// <summary>One step of a message's status timeline, with Meta's error object when it failed.</summary>
internal sealed class MessageStatusChange
{
    public long Id { get; init; }
    public required string MessageId { get; init; }
    public MessageState Status { get; init; }
    public DateTime At { get; init; }
    public string? Error { get; init; }
}

// Persisted as numbers: never renumber.

internal enum MessageDirection
{
    Outbound = 1,
    Inbound = 2,
}

internal enum MessageState
{
    Accepted = 1,
    Sent = 2,
    Delivered = 3,
    Read = 4,
    Failed = 5,
    Received = 6,
}

internal static class MessageNames
{
    public static string Of(MessageState state) => state.ToString().ToLowerInvariant();

    public static string Of(MessageDirection direction) => direction == MessageDirection.Inbound ? "inbound" : "outbound";

    public static bool TryParse(string? text, out MessageState state) =>
        Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && text!.All(char.IsAsciiLetterLower);
}
