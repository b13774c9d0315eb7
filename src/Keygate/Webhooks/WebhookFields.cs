using System.Text.Json;
using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>
/// Reads a create body or a JSON merge patch (RFC 7396) into a <see cref="WebhookDraft"/>, field by field, so
/// that every error is reported at once under its JSON path and nothing is half applied. Whether the URL's
/// host may be called is asked of <see cref="CallbackGuard"/> afterwards: it needs DNS.
/// </summary>
internal static class WebhookFields
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 200;

    /// <summary>True when the body sets a URL that must then pass the address check.</summary>
    public static bool Read(JsonElement body, WebhookDraft draft, FieldErrors errors, bool creating, bool allowHttp)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
            return false;
        }
        var urlGiven = false;
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "url":
                    draft.Url = ReadUrl(value, allowHttp, errors) ?? draft.Url;
                    urlGiven = true;
                    break;
                case "events": draft.Events = ReadEvents(value, errors); break;
                case "phoneNumberIds": draft.PhoneNumberIds = JsonFields.ReadPhoneNumberIds(value, errors); break;
                case "description": draft.Description = ReadDescription(value, errors); break;
                case "active":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        draft.Active = value.GetBoolean();
                    }
                    else
                    {
                        errors.Add("active", "true or false.");
                    }
                    break;
                default: errors.Add(field.Name, "Unknown field."); break;
            }
        }
        if (creating && !urlGiven)
        {
            errors.Add("url", "Required.");
        }
        if ((creating || body.TryGetProperty("events", out _)) && draft.Events.Count == 0 && !errors.Has("events"))
        {
            errors.Add("events", $"Required: at least one of {WebhookEvents.Choices}.");
        }
        return urlGiven && !errors.Has("url");
    }

    private static Uri? ReadUrl(JsonElement value, bool allowHttp, FieldErrors errors)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is null || text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            errors.Add("url", $"An absolute https URL of at most {MaxUrlLength} characters.");
            return null;
        }
        if (url.Scheme == Uri.UriSchemeHttp && !allowHttp)
        {
            errors.Add("url", "Must use https: callbacks carry message content (this server does not allow plain http).");
        }
        if (url.UserInfo.Length > 0)
        {
            // It would be shown in every read of the subscription; the signature is how a receiver knows the sender.
            errors.Add("url", "Must not carry a user name or password; verify the X-Hub-Signature-256 header instead.");
        }
        if (url.Fragment.Length > 0)
        {
            errors.Add("url", "Must not have a fragment (#…): it is never sent.");
        }
        return errors.Has("url") ? null : url;
    }

    private static List<string> ReadEvents(JsonElement value, FieldErrors errors)
    {
        var names = JsonFields.ReadStrings(value, "events", WebhookEvents.Subscribable.Count, errors);
        for (var i = 0; i < names.Count; i++)
        {
            if (!WebhookEvents.IsSubscribable(names[i]))
            {
                errors.Add($"events[{i}]", $"One of {WebhookEvents.Choices}.");
            }
        }
        // Stored in catalogue order, so the same set always reads and audits the same.
        return [.. WebhookEvents.Subscribable.Where(names.Contains)];
    }

    private static string? ReadDescription(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (text is null || text.Length > MaxDescriptionLength || text.Any(char.IsControl))
        {
            errors.Add("description", $"A string of at most {MaxDescriptionLength} characters without control characters, or null.");
            return null;
        }
        return text.Length == 0 ? null : text;
    }
}
