using System.Globalization;
using System.Text.Json.Nodes;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Inbound messages and status changes as Meta's webhook payloads
/// (<c>{"object":"whatsapp_business_account","entry":[{"id":WABA,"changes":[{"field":"messages","value":{…}}]}]}</c>),
/// so that a subscriber's existing Cloud API webhook code reads Keygate's events unchanged.
/// </summary>
internal static class MessageEvents
{
    public static JsonObject Inbound(PhoneNumber number, Message message)
    {
        var contact = new JsonObject();
        if (message.Envelope?.ProfileName is { } name)
        {
            contact["profile"] = new JsonObject { ["name"] = name };
        }
        contact["wa_id"] = message.Counterpart;
        var inbound = new JsonObject
        {
            ["from"] = message.Counterpart,
            ["id"] = message.Id,
            ["timestamp"] = Seconds(message.CreatedAt),
        };
        if (message.Envelope?.Context is { } context)
        {
            inbound["context"] = context.DeepClone();
        }
        if (message.Envelope?.Referral is { } referral)
        {
            inbound["referral"] = referral.DeepClone();
        }
        inbound["type"] = message.Type;
        inbound[message.Type] = JsonNode.Parse(message.Content);
        return Envelope(number, new JsonObject { ["contacts"] = new JsonArray(contact), ["messages"] = new JsonArray(inbound) });
    }

    public static JsonObject Status(PhoneNumber number, Message message, MessageLog.StatusUpdate update)
    {
        var status = new JsonObject
        {
            ["id"] = message.Id,
            ["status"] = MessageNames.Of(update.Status),
            ["timestamp"] = Seconds(update.At),
            ["recipient_id"] = message.Counterpart,
        };
        if (update.Extras is { Category: { } category } priced && update.Status != MessageState.Failed)
        {
            var conversation = new JsonObject { ["id"] = priced.ConversationId };
            if (priced.ConversationExpires is { } expires)
            {
                conversation["expiration_timestamp"] = Seconds(expires);
            }
            conversation["origin"] = new JsonObject { ["type"] = category };
            status["conversation"] = conversation;
            var billable = PricingCategories.IsBillable(category);
            // Meta's pricing type: a charged message is "regular", a service reply inside the window "free_customer_service".
            status["pricing"] = new JsonObject
            {
                ["billable"] = billable,
                ["pricing_model"] = "PMP",
                ["type"] = billable ? "regular" : "free_customer_service",
                ["category"] = category,
            };
        }
        if (update.Extras?.CallbackData is { } callbackData)
        {
            status["biz_opaque_callback_data"] = callbackData;
        }
        if (update.Error is not null)
        {
            status["errors"] = JsonNode.Parse(update.Error);
        }
        return Envelope(number, new JsonObject { ["statuses"] = new JsonArray(status) });
    }

    private static JsonObject Envelope(PhoneNumber number, JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject
        {
            ["display_phone_number"] = new string(number.DisplayNumber.Where(char.IsAsciiDigit).ToArray()),
            ["phone_number_id"] = number.Id,
        };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = number.WabaId,
                ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
            }),
        };
    }

    private static string Seconds(DateTime at) => new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
