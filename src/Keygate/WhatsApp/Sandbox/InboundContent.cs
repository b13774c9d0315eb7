using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Http;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.Messages;

namespace Keygate.WhatsApp.Sandbox;

/// <summary>A media message the customer sends: a media object uploaded to Keygate, which <c>GET /{media-id}</c> then serves.</summary>
public sealed record InboundMedia(string? Id, string? Caption, string? Filename);

/// <summary>A tap on a template's quick-reply button.</summary>
public sealed record InboundButton(string? Text, string? Payload);

/// <summary>The message the customer replies to: its wamid, and the business number it came from (the sandbox number when left out).</summary>
public sealed record InboundContext(string? From, string? Id);

/// <summary>
/// The message object of each inbound type the sandbox can play, in the shape Meta's webhooks give it: <c>text</c>,
/// the media types, <c>button</c> (a template's quick reply) and <c>interactive</c> (<c>button_reply</c>, <c>list_reply</c>,
/// <c>nfm_reply</c> from a flow).
/// </summary>
internal static class InboundContent
{
    public static readonly string[] Types = ["text", "image", "audio", "video", "document", "sticker", "button", "interactive"];

    private static readonly Dictionary<string, string[]> ReplyFields = new(StringComparer.Ordinal)
    {
        ["button_reply"] = ["id", "title"],
        ["list_reply"] = ["id", "title"],
        ["nfm_reply"] = ["response_json"],
    };

    /// <summary>The type's object; null with the field's error when the request does not make one.</summary>
    public static JsonObject? Read(InboundRequest request, string type, MediaObject? media, FieldErrors errors) => type switch
    {
        "text" => request.Text is { Length: > 0 and <= 4096 } text ? new JsonObject { ["body"] = text } : Fail(errors, "text", "1 to 4096 characters."),
        "button" => request.Button is { Text: { Length: > 0 and <= 256 } label } button
            ? new JsonObject { ["payload"] = button.Payload ?? label, ["text"] = label }
            : Fail(errors, "button.text", "The button's label, 1 to 256 characters."),
        "interactive" => Interactive(request.Interactive, errors),
        _ => Media(type, request.Media, media, errors),
    };

    private static JsonObject? Media(string type, InboundMedia? requested, MediaObject? media, FieldErrors errors)
    {
        if (media is null)
        {
            return Fail(errors, "media.id", $"The id of media uploaded to this account (POST /{{version}}/{{phone-number-id}}/media), for the {type}.");
        }
        if (requested!.Caption is { Length: > 1024 } || (requested.Caption is not null && type is "audio" or "sticker"))
        {
            return Fail(errors, "media.caption", $"At most 1024 characters, and none on {type}.");
        }
        var content = new JsonObject();
        if (requested.Caption is { } caption)
        {
            content["caption"] = caption;
        }
        if (type == "document")
        {
            content["filename"] = requested.Filename ?? media.FileName ?? "document";
        }
        content["mime_type"] = media.MimeType;
        content["sha256"] = media.Sha256;
        content["id"] = media.Id;
        return content;
    }

    private static JsonObject? Interactive(JsonElement? interactive, FieldErrors errors)
    {
        var kind = interactive is { ValueKind: JsonValueKind.Object } given ? MessageContentRules.String(given, "type") : null;
        if (kind is null || !ReplyFields.TryGetValue(kind, out var required))
        {
            return Fail(errors, "interactive.type", "button_reply, list_reply or nfm_reply, with the object of that name.");
        }
        if (!interactive!.Value.TryGetProperty(kind, out var reply) || required.Any(field => MessageContentRules.String(reply, field) is not { Length: > 0 }))
        {
            return Fail(errors, $"interactive.{kind}", $"Needs {string.Join(" and ", required)}.");
        }
        return new JsonObject { ["type"] = kind, [kind] = JsonNode.Parse(reply.GetRawText()) };
    }

    private static JsonObject? Fail(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
