using Keygate.Http;
using Keygate.Webhooks;

namespace Keygate.Dashboard;

/// <summary>
/// The webhook form, create and edit alike, as posted: turned into a <see cref="WebhookEdit"/> and judged by the same
/// rules as <c>/v1/webhooks</c>'s body; their error paths (<c>events[0]</c>, <c>phoneNumberIds[1]</c>) map back to these fields.
/// </summary>
internal sealed class WebhookForm
{
    public string? Url { get; set; }
    public List<string> Events { get; set; } = [];
    public List<string> PhoneNumberIds { get; set; } = [];
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>The subscription's ETag when the edit form was opened: an edit of one changed since then is refused, not merged.</summary>
    public string? ETag { get; set; }

    public static WebhookForm From(WebhookResponse subscription, string? etag) => new()
    {
        Url = subscription.Url,
        Events = [.. subscription.Events],
        PhoneNumberIds = [.. subscription.PhoneNumberIds],
        Description = subscription.Description,
        Active = subscription.Active,
        ETag = etag,
    };

    /// <summary>
    /// The edit: every field, since the form shows them all. A blank URL is asked as an empty one, which the rules refuse
    /// as they refuse it from the API; a blank description clears it.
    /// </summary>
    public WebhookEdit ToEdit()
    {
        var edit = new WebhookEdit
        {
            Url = Url?.Trim() ?? "",
            SetsDescription = true,
            Description = string.IsNullOrWhiteSpace(Description) ? null : Description,
            Active = Active,
        };
        edit.Events = Strings(Events, "events", edit.Errors);
        edit.PhoneNumberIds = Strings(PhoneNumberIds, "phoneNumberIds", edit.Errors);
        return edit;
    }

    /// <summary>A posted list as its JSON array would read: an empty entry (bound as null) is no string.</summary>
    private static List<string> Strings(List<string> posted, string path, FieldErrors errors)
    {
        for (var i = 0; i < posted.Count; i++)
        {
            if (posted[i] is null)
            {
                errors.Add($"{path}[{i}]", "Expected a string.");
            }
        }
        return [.. posted.Where(value => value is not null)];
    }

    public static readonly FieldMapper ErrorAt = (path, message) => (path.Split('[', '.')[0] switch
    {
        "url" => "Form.Url",
        "events" => "Form.Events",
        "phoneNumberIds" => "Form.PhoneNumberIds",
        "description" => "Form.Description",
        "active" => "Form.Active",
        _ => "",
    }, message);
}
