using System.Text.Json;
using System.Text.Json.Serialization;
using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>A webhook subscription as the API shows it. The secret only in the create and rotate-secret responses.</summary>
public sealed record WebhookResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> PhoneNumberIds,
    string? Description,
    bool Active,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The signing secret: present in the create and rotate-secret responses only, and shown nowhere else, ever.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }
}

/// <summary>The body of <c>POST /v1/webhooks</c>, for the API description; the endpoint reads it field by field to report every error at once.</summary>
public sealed record CreateWebhookRequest(
    string Url,
    IReadOnlyList<string> Events,
    IReadOnlyList<string>? PhoneNumberIds,
    string? Description,
    bool? Active);

/// <summary>One entry of a subscription's delivery log; <c>payload</c> is the exact JSON that was signed and sent.</summary>
public sealed record WebhookDeliveryResponse(
    string Id,
    string SubscriptionId,
    string EventType,
    string Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTime? NextAttemptAt,
    DateTime CreatedAt,
    DateTime? DeliveredAt,
    JsonElement Payload);

internal static class WebhookMapping
{
    /// <summary><paramref name="secret"/> is given by a create or a rotation only: the one time the secret is shown.</summary>
    public static Versioned<WebhookResponse> ToVersioned(this WebhookSubscription subscription, string? secret = null) =>
        new(subscription.ToResponse(secret), subscription.ETag);

    public static WebhookResponse ToResponse(this WebhookSubscription subscription, string? secret = null) => new(
        subscription.Id,
        subscription.Url,
        subscription.Events,
        subscription.PhoneNumberIds,
        subscription.Description,
        subscription.Active,
        subscription.CreatedAt,
        subscription.UpdatedAt)
    {
        Secret = secret,
    };

    public static WebhookDeliveryResponse ToResponse(this WebhookDelivery delivery) => new(
        delivery.Id,
        delivery.SubscriptionId,
        delivery.EventType,
        StatusName(delivery.Status),
        delivery.Attempts,
        delivery.LastStatusCode,
        delivery.LastError,
        delivery.NextAttemptAt,
        delivery.CreatedAt,
        delivery.DeliveredAt,
        JsonDocument.Parse(delivery.Payload).RootElement.Clone());

    public static string StatusName(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Failed => "failed",
        _ => "pending",
    };

    public static bool TryParseStatus(string name, out DeliveryStatus status)
    {
        status = Enum.GetValues<DeliveryStatus>().FirstOrDefault(s => StatusName(s) == name);
        return status != default;
    }
}
