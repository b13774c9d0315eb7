using System.Text.Json;
using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>
/// Reads a <c>/v1/webhooks</c> create body or JSON merge patch (RFC 7396) into a <see cref="WebhookEdit"/>, field by
/// field, so that every error is reported at once under its JSON path and nothing is half applied. What is checked
/// here is the JSON's shape; the values' own rules are <see cref="WebhookFields"/>', applied by the lifecycle service.
/// </summary>
internal static class WebhookBody
{
    public static WebhookEdit Read(JsonElement body, bool creating)
    {
        var edit = new WebhookEdit();
        var errors = edit.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
            return edit;
        }
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "url":
                    if (value.ValueKind == JsonValueKind.String)
                    {
                        edit.Url = value.GetString()!;
                    }
                    else
                    {
                        errors.Add("url", WebhookFields.NotAUrl);
                    }
                    break;
                case "events": edit.Events = JsonFields.ReadStrings(value, "events", WebhookEvents.Subscribable.Count, errors); break;
                case "phoneNumberIds": edit.PhoneNumberIds = JsonFields.ReadStrings(value, "phoneNumberIds", JsonFields.MaxPhoneNumberIds, errors); break;
                case "description": ReadDescription(value, edit); break;
                case "active":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        edit.Active = value.GetBoolean();
                    }
                    else
                    {
                        errors.Add("active", "true or false.");
                    }
                    break;
                default: errors.Add(field.Name, "Unknown field."); break;
            }
        }
        if (creating && !body.TryGetProperty("url", out _))
        {
            errors.Add("url", "Required.");
        }
        if (creating && !body.TryGetProperty("events", out _))
        {
            errors.Add("events", WebhookFields.EventsRequired);
        }
        return edit;
    }

    private static void ReadDescription(JsonElement value, WebhookEdit edit)
    {
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
        {
            edit.SetsDescription = true;
            edit.Description = value.GetString();
        }
        else
        {
            edit.Errors.Add("description", WebhookFields.NotADescription);
        }
    }
}
