using System.Text.Json.Nodes;

namespace Keygate.Webhooks;

/// <summary>
/// Keygate's own events, in Meta's envelope so that one receiver parses both:
/// <c>{"object":"keygate","entry":[{"id":ACCOUNT_ID,"changes":[{"field":EVENT,"value":{…}}]}]}</c>.
/// The <c>object</c> tells them apart from Meta's <c>whatsapp_business_account</c>.
/// </summary>
internal static class WebhookPayloads
{
    public const string KeygateObject = "keygate";

    /// <summary>An event of Keygate's own, such as a misuse alert, whose <c>value</c> the feature raising it writes.</summary>
    public static JsonObject Keygate(string accountId, string eventType, JsonNode value) => Envelope(accountId, eventType, value);

    /// <summary>A test event: proves the URL, the secret and the receiver's signature check without waiting for real traffic.</summary>
    public static JsonObject Test(WebhookSubscription subscription, DateTime now) =>
        Envelope(subscription.AccountId, WebhookEvents.Test, new JsonObject
        {
            ["subscriptionId"] = subscription.Id,
            ["message"] = "A test event from Keygate.",
            ["sentAt"] = now,
        });

    private static JsonObject Envelope(string accountId, string field, JsonNode value) => new()
    {
        ["object"] = KeygateObject,
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = accountId,
            ["changes"] = new JsonArray(new JsonObject { ["field"] = field, ["value"] = value }),
        }),
    };
}
