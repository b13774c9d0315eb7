using System.Text.Json.Nodes;
using Keygate.Webhooks;

namespace Keygate.Dashboard;

/// <summary>
/// The webhook form, create and edit alike, as posted: turned into <c>/v1/webhooks</c>'s JSON body and read by that
/// API's own field rules; its error paths (<c>events[0]</c>, <c>phoneNumberIds[1]</c>) map back to these fields.
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
    /// The API body: every field, since the form shows them all (a merge patch of them all is the whole edit). An empty
    /// description is sent as null, which is how the API clears it.
    /// </summary>
    public JsonObject ToBody() => new()
    {
        ["url"] = Url?.Trim() ?? "",
        ["events"] = new JsonArray([.. Events.Select(e => (JsonNode)JsonValue.Create(e))]),
        ["phoneNumberIds"] = new JsonArray([.. PhoneNumberIds.Select(id => (JsonNode)JsonValue.Create(id))]),
        ["description"] = string.IsNullOrWhiteSpace(Description) ? null : Description,
        ["active"] = Active,
    };

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
