using Keygate.Http;

namespace Keygate.Webhooks;

/// <summary>
/// Where an account wants its events sent. The signing secret is kept only as AES-GCM ciphertext bound to
/// this id: signing needs the secret itself, and a copied ciphertext must not sign for another subscription.
/// </summary>
internal sealed class WebhookSubscription : IListedRow
{
    /// <summary><c>whs_…</c>.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>An absolute https URL (http only where <see cref="WebhookOptions.AllowHttp"/> is set), without user info or fragment.</summary>
    public required string Url { get; set; }
    /// <summary>Names from <see cref="WebhookEvents.Subscribable"/>.</summary>
    public List<string> Events { get; set; } = [];
    /// <summary>Narrows events that concern a phone number; empty means every number. Account-wide events (alerts, Meta's events about a WABA) ignore it.</summary>
    public List<string> PhoneNumberIds { get; set; } = [];
    public string? Description { get; set; }
    public bool Active { get; set; }
    public required byte[] EncryptedSecret { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Bumped by every change: the ETag, and the optimistic-concurrency token.</summary>
    public int Version { get; set; }

    public string ETag => $"\"{Version}\"";

    public bool Wants(string eventType, string? phoneNumberId) =>
        Active && Events.Contains(eventType)
        && (phoneNumberId is null || PhoneNumberIds.Count == 0 || PhoneNumberIds.Contains(phoneNumberId));
}
