namespace Keygate.Webhooks;

/// <summary>
/// The editable settings of a subscription while a create or an edit is read and checked. Create starts from
/// defaults, edit from the stored subscription; both go through <see cref="WebhookFields"/> and end in <see cref="ApplyTo"/>.
/// </summary>
internal sealed class WebhookDraft
{
    public Uri? Url { get; set; }
    public List<string> Events { get; set; } = [];
    public List<string> PhoneNumberIds { get; set; } = [];
    public string? Description { get; set; }
    public bool Active { get; set; } = true;

    public static WebhookDraft From(WebhookSubscription subscription) => new()
    {
        Url = new Uri(subscription.Url),
        Events = [.. subscription.Events],
        PhoneNumberIds = [.. subscription.PhoneNumberIds],
        Description = subscription.Description,
        Active = subscription.Active,
    };

    public void ApplyTo(WebhookSubscription subscription)
    {
        subscription.Url = Url!.AbsoluteUri;
        subscription.Events = Events;
        subscription.PhoneNumberIds = PhoneNumberIds;
        subscription.Description = Description;
        subscription.Active = Active;
    }
}
