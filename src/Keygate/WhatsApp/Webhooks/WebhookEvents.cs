namespace Keygate.WhatsApp.Webhooks;

/// <summary>The event types a delivery carries. Stored and spoken as these names.</summary>
internal static class WebhookEvents
{
    /// <summary>Inbound customer messages, in Meta's payload.</summary>
    public const string Messages = "messages";
    /// <summary>Sent, delivered, read and failed statuses of outbound messages, in Meta's payload.</summary>
    public const string Statuses = "statuses";
    /// <summary>Keygate's misuse alerts (<see cref="WebhookPayloads.Alert"/>).</summary>
    public const string Alerts = "alerts";
    /// <summary>Sent by <c>POST /v1/webhooks/{id}/test</c> to that subscription only, whatever it subscribes to.</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<string> Subscribable = [Messages, Statuses, Alerts];

    public static string Choices { get; } = string.Join(", ", Subscribable);

    public static bool IsSubscribable(string name) => Subscribable.Contains(name);
}
