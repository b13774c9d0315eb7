using System.Text.Json.Nodes;
using Keygate.WhatsApp.CloudApi;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// What the sandbox knows of an accepted message that its statuses must tell, as Meta's would: the pricing category,
/// the sender's <c>biz_opaque_callback_data</c> to echo, and, for a message Meta would accept and then fail (outside
/// the 24-hour window, a marketing template to an opted-out customer), the error its <c>failed</c> status carries.
/// </summary>
internal sealed record SandboxDelivery(string? Category, string? CallbackData, DeliveryError? Failure);

/// <summary>One error of a <c>failed</c> status, in Meta's shape: <c>{code, title, message, error_data: {details}}</c>.</summary>
internal sealed record DeliveryError(int Code, string Title, string Details)
{
    public static readonly DeliveryError OutsideWindow = new(MetaErrors.OutsideWindow, "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

    public static readonly DeliveryError OptedOut = new(MetaErrors.OptedOut, "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
        "This recipient has opted out of marketing messages from this business.");

    public static readonly DeliveryError Undeliverable = new(MetaErrors.Undeliverable, "Message undeliverable",
        "The sandbox fails messages to numbers ending in its failing suffix.");

    /// <summary>The <c>errors</c> array as the status carries it and history keeps it.</summary>
    public string ToJson() => new JsonArray(new JsonObject
    {
        ["code"] = Code,
        ["title"] = Title,
        ["message"] = Title,
        ["error_data"] = new JsonObject { ["details"] = Details },
    }).ToJsonString();
}
