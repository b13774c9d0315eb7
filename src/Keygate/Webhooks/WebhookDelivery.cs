using Keygate.Accounts;
using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>
/// One event for one subscription: the delivery log and the retry queue in one row, so a queued event
/// survives a restart. <see cref="Payload"/> is the exact text that is signed and sent, on every attempt.
/// </summary>
internal sealed class WebhookDelivery : IListedRow
{
    /// <summary><c>whd_…</c>, also sent as the <c>X-Keygate-Delivery</c> header so receivers can drop repeats.</summary>
    public required string Id { get; init; }
    public required string SubscriptionId { get; init; }
    public required string AccountId { get; init; }
    public required string EventType { get; init; }
    public required string Payload { get; init; }
    /// <summary>
    /// For an event forwarded from a source that may send it again (Meta repeats an event until it is answered), the
    /// publisher's dedupe key: a subscription is told each source event once. Null for Keygate's own events.
    /// </summary>
    public string? SourceKey { get; init; }
    public DeliveryStatus Status { get; set; }
    /// <summary>Attempts whose outcome is recorded below.</summary>
    public int Attempts { get; set; }
    /// <summary>When the next attempt is due; null once delivered or failed.</summary>
    public DateTime? NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    /// <summary>A short reason such as "HTTP 503" or "No answer within 10 s"; never a header, a body or the secret.</summary>
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DeliveredAt { get; set; }

    public static WebhookDelivery Pending(WebhookSubscription subscription, string eventType, string payload, DateTime now, string? sourceKey = null) => new()
    {
        Id = Ids.New("whd"),
        SubscriptionId = subscription.Id,
        AccountId = subscription.AccountId,
        EventType = eventType,
        Payload = payload,
        SourceKey = sourceKey,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };
}

// Persisted as numbers: never renumber.

internal enum DeliveryStatus
{
    Pending = 1,
    Delivered = 2,
    Failed = 3,
}
