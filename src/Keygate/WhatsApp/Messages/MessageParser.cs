using System.Text.Json;
using Keygate.WhatsApp.CloudApi;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Reads the body of <c>POST /{version}/{phone-number-id}/messages</c>. For the sandbox, which plays Meta, the way Meta
/// does: the envelope (<c>messaging_product</c>, <c>recipient_type</c>, <c>to</c>, <c>type</c>, <c>context</c>), then
/// the object of the message's type through <see cref="MessageContentRules"/>; the first broken rule is the answer,
/// with Meta's code. For a number at Meta, only what Keygate's own checks need (<see cref="ReadForMeta"/>): Meta
/// validates the rest, including the message kinds Keygate has no rules for.
/// </summary>
internal static class MessageParser
{
    public static bool IsMarkAsRead(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "read";

    public static (OutgoingMessage? Message, MessageRejection? Rejection) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Reject(MetaErrors.InvalidParameter, "The request body must be a JSON object.");
        }
        if (!body.TryGetProperty("messaging_product", out var product) || product.ValueKind != JsonValueKind.String || product.GetString() != "whatsapp")
        {
            return Reject(MetaErrors.InvalidParameter, "The parameter messaging_product is required and must be \"whatsapp\".");
        }
        if (body.TryGetProperty("recipient_type", out var recipientType) && (recipientType.ValueKind != JsonValueKind.String || recipientType.GetString() != "individual"))
        {
            return Reject(MetaErrors.InvalidParameter, "The sandbox sends to recipient_type \"individual\" only; groups need a number registered with Meta.");
        }
        if (!body.TryGetProperty("to", out var toElement) || toElement.ValueKind != JsonValueKind.String)
        {
            return Reject(MetaErrors.InvalidParameter, "The parameter to is required.");
        }
        var to = toElement.GetString()!;
        if (WaIds.Normalize(to) is not { } waId)
        {
            return Reject(MetaErrors.ParameterValueInvalid, "The parameter to is not a valid phone number.");
        }
        var type = body.TryGetProperty("type", out _) ? MessageContentRules.String(body, "type") : "text";
        if (type is null || !MessageContentRules.Types.Contains(type))
        {
            return Reject(MetaErrors.InvalidParameter, $"Unsupported message type: {type ?? "(not a string)"}. Supported: {string.Join(", ", MessageContentRules.Types)}.");
        }
        if (!body.TryGetProperty(type, out var content) || content.ValueKind != JsonValueKind.Object && type != "contacts")
        {
            return Reject(MetaErrors.InvalidParameter, $"The parameter {type} is required for a {type} message.");
        }
        string? context = null;
        if (body.TryGetProperty("context", out var contextElement))
        {
            if (contextElement.ValueKind != JsonValueKind.Object || !contextElement.TryGetProperty("message_id", out var replyTo) || replyTo.ValueKind != JsonValueKind.String)
            {
                return Reject(MetaErrors.InvalidParameter, "The parameter context['message_id'] is required in a context object.");
            }
            context = replyTo.GetString();
        }
        if (MessageContentRules.Check(type, content) is { } broken)
        {
            return (null, broken);
        }
        var template = type == "template" ? TemplateRules.Read(content) : null;
        return (new OutgoingMessage(to, waId, type, content.Clone(), context, template), null);
    }

    /// <summary>
    /// What Keygate needs of a send to Meta, read leniently: the recipient (a phone number, or whatever Meta takes in
    /// <c>to</c>, such as a group id), the type (text when absent, as Meta assumes) and a template's name and language.
    /// Only a body that is not a JSON object is refused: every other judgement is Meta's.
    /// </summary>
    public static (OutgoingMessage? Message, MessageRejection? Rejection) ReadForMeta(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Reject(MetaErrors.InvalidParameter, "The request body must be a JSON object.");
        }
        var to = MessageContentRules.String(body, "to") ?? "";
        var type = body.TryGetProperty("type", out var typeElement) ? (typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString()! : "") : "text";
        var content = body.TryGetProperty(type, out var typed) ? typed : body;
        TemplateReference? template = null;
        if (type == "template" && MessageContentRules.String(content, "name") is { } name
            && content.TryGetProperty("language", out var language) && MessageContentRules.String(language, "code") is { } code)
        {
            template = new TemplateReference(name, code,
                content.TryGetProperty("components", out var components) ? components.Clone() : default);
        }
        var context = body.TryGetProperty("context", out var contextElement) ? MessageContentRules.String(contextElement, "message_id") : null;
        return (new OutgoingMessage(to, WaIds.Normalize(to) ?? to, type, content.Clone(), context, template), null);
    }

    private static (OutgoingMessage?, MessageRejection?) Reject(int code, string message) => (null, new MessageRejection(code, message));
}

/// <summary>WhatsApp ids (Meta's <c>wa_id</c>), by the contacts' rules, as a nullable value for the message code.</summary>
internal static class WaIds
{
    public static string? Normalize(string input) => Contacts.ContactNumber.TryNormalize(input, out var waId) ? waId : null;
}
