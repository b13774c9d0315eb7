using System.Globalization;
using System.Text.Json;
using Keygate.WhatsApp.CloudApi;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Meta's rules for the object of each message type: what is required, what is too long. A missing
/// parameter is code 100; a value out of range is 131009.
/// </summary>
internal static class MessageContentRules
{
    public static readonly string[] Types = ["text", "template", "image", "document", "audio", "video", "sticker", "interactive", "location", "contacts", "reaction"];

    private static readonly HashSet<string> Media = ["image", "document", "audio", "video", "sticker"];

    /// <summary>Whether a message of this type carries a media object (by <c>link</c> or uploaded <c>id</c>).</summary>
    public static bool IsMedia(string type) => Media.Contains(type);

    public static MessageRejection? Check(string type, JsonElement content) => type switch
    {
        "text" => Text(content),
        "template" => TemplateRules.Check(content),
        "interactive" => Interactive(content),
        "location" => Location(content),
        "contacts" => Contacts(content),
        "reaction" => Reaction(content),
        _ when Media.Contains(type) => MediaObject(type, content),
        _ => Missing(type),
    };

    private static MessageRejection? Text(JsonElement text)
    {
        if (String(text, "body") is not { } body)
        {
            return Missing("text['body']");
        }
        if (body.Length is 0 or > 4096)
        {
            return Invalid("text['body'] must be 1 to 4096 characters.");
        }
        return text.TryGetProperty("preview_url", out var preview) && preview.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
            ? Invalid("text['preview_url'] must be a boolean.")
            : null;
    }

    private static MessageRejection? MediaObject(string type, JsonElement media)
    {
        var id = String(media, "id");
        var link = String(media, "link");
        if ((id is null) == (link is null))
        {
            return Missing($"{type}['id'] or {type}['link'] (exactly one)");
        }
        if (link is not null && !IsHttpUrl(link))
        {
            return Invalid($"{type}['link'] must be an http(s) URL.");
        }
        if (id is not null && (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit)))
        {
            return Invalid($"{type}['id'] is not a media id.");
        }
        if (String(media, "caption") is { } caption && (type is "audio" or "sticker" || caption.Length > 1024))
        {
            return Invalid(type is "audio" or "sticker" ? $"A {type} message has no caption." : $"{type}['caption'] must be at most 1024 characters.");
        }
        return String(media, "filename") is { Length: > 240 } ? Invalid($"{type}['filename'] must be at most 240 characters.") : null;
    }

    private static MessageRejection? Location(JsonElement location)
    {
        if (Coordinate(location, "latitude") is not { } lat || Coordinate(location, "longitude") is not { } lon)
        {
            return Missing("location['latitude'] and location['longitude'] (numbers)");
        }
        return lat is < -90 or > 90 || lon is < -180 or > 180 ? Invalid("location coordinates are out of range.") : null;
    }

    /// <summary>Meta's send schema gives coordinates as strings ("37.4847") and its examples as numbers: both are read.</summary>
    private static double? Coordinate(JsonElement location, string name)
    {
        if (!location.TryGetProperty(name, out var value))
        {
            return null;
        }
        var read = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out var number) ? number : (double?)null,
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
            _ => null,
        };
        return read is { } finite && double.IsFinite(finite) ? finite : null;
    }

    private static MessageRejection? Contacts(JsonElement contacts)
    {
        if (contacts.ValueKind != JsonValueKind.Array || contacts.GetArrayLength() is 0 or > 20)
        {
            return Missing("contacts (an array of 1 to 20 contacts)");
        }
        foreach (var contact in contacts.EnumerateArray())
        {
            if (contact.ValueKind != JsonValueKind.Object || !contact.TryGetProperty("name", out var name) || String(name, "formatted_name") is not { Length: > 0 })
            {
                return Missing("contacts[]['name']['formatted_name']");
            }
        }
        return null;
    }

    private static MessageRejection? Reaction(JsonElement reaction) =>
        String(reaction, "message_id") is not { Length: > 0 } ? Missing("reaction['message_id']")
        : String(reaction, "emoji") is null ? Missing("reaction['emoji'] (empty to remove a reaction)")
        : null;

    private static MessageRejection? Interactive(JsonElement interactive)
    {
        var kind = String(interactive, "type");
        if (kind is not ("button" or "list" or "cta_url"))
        {
            return Invalid("interactive['type'] must be button, list or cta_url.");
        }
        if (!interactive.TryGetProperty("body", out var body) || String(body, "text") is not { Length: > 0 } text)
        {
            return Missing("interactive['body']['text']");
        }
        if (text.Length > 1024)
        {
            return Invalid("interactive['body']['text'] must be at most 1024 characters.");
        }
        if (!interactive.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return Missing("interactive['action']");
        }
        return kind switch
        {
            "button" => Buttons(action),
            "list" => List(action),
            _ => CallToAction(action),
        };
    }

    private static MessageRejection? Buttons(JsonElement action)
    {
        if (!action.TryGetProperty("buttons", out var buttons) || buttons.ValueKind != JsonValueKind.Array || buttons.GetArrayLength() is 0 or > 3)
        {
            return Invalid("interactive['action']['buttons'] must hold 1 to 3 buttons.");
        }
        foreach (var button in buttons.EnumerateArray())
        {
            if (button.ValueKind != JsonValueKind.Object || !button.TryGetProperty("reply", out var reply) || String(reply, "id") is not { Length: > 0 and <= 256 } || String(reply, "title") is not { Length: > 0 and <= 20 })
            {
                return Invalid("Each reply button needs reply['id'] (at most 256 characters) and reply['title'] (at most 20).");
            }
        }
        return null;
    }

    private static MessageRejection? List(JsonElement action)
    {
        if (String(action, "button") is not { Length: > 0 and <= 20 })
        {
            return Invalid("interactive['action']['button'] must be 1 to 20 characters.");
        }
        if (!action.TryGetProperty("sections", out var sections) || sections.ValueKind != JsonValueKind.Array || sections.GetArrayLength() is 0 or > 10)
        {
            return Invalid("interactive['action']['sections'] must hold 1 to 10 sections.");
        }
        var rows = 0;
        foreach (var section in sections.EnumerateArray())
        {
            if (section.ValueKind != JsonValueKind.Object || !section.TryGetProperty("rows", out var sectionRows) || sectionRows.ValueKind != JsonValueKind.Array)
            {
                return Missing("interactive['action']['sections'][]['rows']");
            }
            foreach (var row in sectionRows.EnumerateArray())
            {
                rows++;
                if (String(row, "id") is not { Length: > 0 and <= 200 } || String(row, "title") is not { Length: > 0 and <= 24 })
                {
                    return Invalid("Each list row needs an id (at most 200 characters) and a title (at most 24).");
                }
            }
        }
        return rows is 0 or > 10 ? Invalid("A list message holds 1 to 10 rows in all.") : null;
    }

    private static MessageRejection? CallToAction(JsonElement action)
    {
        if (String(action, "name") != "cta_url" || !action.TryGetProperty("parameters", out var parameters))
        {
            return Missing("interactive['action'] with name \"cta_url\" and parameters");
        }
        if (String(parameters, "display_text") is not { Length: > 0 and <= 20 })
        {
            return Invalid("interactive['action']['parameters']['display_text'] must be 1 to 20 characters.");
        }
        return String(parameters, "url") is { } url && IsHttpUrl(url) ? null : Invalid("interactive['action']['parameters']['url'] must be an http(s) URL.");
    }

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static MessageRejection Missing(string parameter) => new(MetaErrors.InvalidParameter, $"The parameter {parameter} is required.");

    public static MessageRejection Invalid(string message) => new(MetaErrors.ParameterValueInvalid, message);

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
