namespace Keygate.Webhooks;

/// <summary>
/// The event types a delivery carries and a subscription chooses among: Keygate's own (<see cref="Statuses"/>,
/// <see cref="Alerts"/>, <see cref="Test"/>) and Meta's webhook field names, under which a real number's events
/// are forwarded as Meta sent them. Stored and spoken as these names.
/// </summary>
internal static class WebhookEvents
{
    /// <summary>
    /// Meta's <c>messages</c> field without its statuses: inbound customer messages (and the rest of that field,
    /// such as system messages and errors), in Meta's payload.
    /// </summary>
    public const string Messages = "messages";
    /// <summary>Sent, delivered, read and failed statuses of outbound messages: Meta sends them in its <c>messages</c> field.</summary>
    public const string Statuses = "statuses";
    /// <summary>Keygate's misuse alerts (<see cref="WebhookPayloads.Keygate"/>, the alert as <c>GET /v1/alerts</c> shows it).</summary>
    public const string Alerts = "alerts";
    /// <summary>Sent by <c>POST /v1/webhooks/{id}/test</c> to that subscription only, whatever it subscribes to.</summary>
    public const string Test = "test";

    /// <summary>
    /// Meta's WhatsApp Business Account webhook fields other than <c>messages</c>, each forwarded under its own name.
    /// Meta's reference spells the group participants field both with and without the plural, so both are listed.
    /// </summary>
    public static readonly IReadOnlyList<string> MetaFields =
    [
        "account_alerts", "account_review_update", "account_update", "automatic_events", "business_capability_update",
        "calls", "flows", "group_lifecycle_update", "group_participant_update", "group_participants_update",
        "group_settings_update", "group_status_update", "history", "message_echoes", "message_template_components_update",
        "message_template_quality_update", "message_template_status_update", "partner_solutions",
        "payment_configuration_update", "phone_number_name_update", "phone_number_quality_update", "security",
        "smb_app_state_sync", "smb_message_echoes", "template_category_update", "tracking_events", "user_preferences",
    ];

    public static readonly IReadOnlyList<string> Subscribable = [Messages, Statuses, Alerts, .. MetaFields];

    public static string Choices { get; } = string.Join(", ", Subscribable);

    public static bool IsSubscribable(string name) => Subscribable.Contains(name);
}
