using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>
/// The rules of a subscription's settings, whoever asks (the API's JSON body, the dashboard's form): each value is
/// checked and every error is reported under its JSON path. Whether the URL's host may be called is asked of
/// <see cref="CallbackGuard"/> afterwards: it needs DNS.
/// </summary>
internal static class WebhookFields
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 200;

    public static readonly string NotAUrl = $"An absolute https URL of at most {MaxUrlLength} characters.";
    public static readonly string NotADescription = $"A string of at most {MaxDescriptionLength} characters without control characters, or null.";
    public static readonly string EventsRequired = $"Required: at least one of {WebhookEvents.Choices}.";

    public static Uri? Url(string text, bool allowHttp, FieldErrors errors)
    {
        if (text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.Host.Length == 0)
        {
            errors.Add("url", NotAUrl);
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

    public static List<string> Events(IReadOnlyList<string> names, FieldErrors errors)
    {
        if (JsonFields.TooMany(names, "events", WebhookEvents.Subscribable.Count, errors))
        {
            return [];
        }
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

    public static string? Description(string text, FieldErrors errors)
    {
        text = text.Trim();
        if (text.Length > MaxDescriptionLength || text.Any(char.IsControl))
        {
            errors.Add("description", NotADescription);
            return null;
        }
        return text.Length == 0 ? null : text;
    }
}
