using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>
/// A create or an edit of a subscription's settings as asked, by the API's JSON body (<see cref="WebhookBody"/>) or the
/// dashboard's form: a null member leaves that setting as it is (an edit) or at its default (a create). What the
/// reader could not even read as its type (a number where the URL goes, an unknown field) is in <see cref="Errors"/>,
/// under the field's API path; the values themselves are judged by <see cref="ApplyTo"/>, for every reader alike.
/// </summary>
internal sealed class WebhookEdit
{
    public FieldErrors Errors { get; } = new();

    public string? Url { get; set; }
    public List<string>? Events { get; set; }
    public List<string>? PhoneNumberIds { get; set; }

    /// <summary>Whether a description was given at all: then a null <see cref="Description"/> clears it.</summary>
    public bool SetsDescription { get; set; }
    public string? Description { get; set; }
    public bool? Active { get; set; }

    /// <summary>
    /// The edit laid over <paramref name="draft"/> (defaults for a create, the stored subscription for an edit), and
    /// every error: the reader's, the values', and for a new URL that passed them, the guard's verdict on its host.
    /// </summary>
    public async Task<FieldErrors> ApplyToAsync(WebhookDraft draft, CallbackGuard guard, bool allowHttp, CancellationToken cancellationToken)
    {
        var errors = ApplyTo(draft, allowHttp);
        if (Url is not null && !errors.Has("url") && await guard.RefusalAsync(draft.Url!, cancellationToken) is { } refusal)
        {
            errors.Add("url", refusal);
        }
        return errors;
    }

    private FieldErrors ApplyTo(WebhookDraft draft, bool allowHttp)
    {
        var errors = new FieldErrors();
        foreach (var (field, messages) in Errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(field, message);
            }
        }
        if (Url is not null)
        {
            draft.Url = WebhookFields.Url(Url, allowHttp, errors) ?? draft.Url;
        }
        if (Events is not null)
        {
            draft.Events = WebhookFields.Events(Events, errors);
            if (draft.Events.Count == 0 && !errors.Has("events"))
            {
                errors.Add("events", WebhookFields.EventsRequired);
            }
        }
        if (PhoneNumberIds is not null)
        {
            draft.PhoneNumberIds = JsonFields.CheckPhoneNumberIds(PhoneNumberIds, errors);
        }
        if (SetsDescription)
        {
            draft.Description = Description is null ? null : WebhookFields.Description(Description, errors);
        }
        draft.Active = Active ?? draft.Active;
        return errors;
    }
}
