namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// A WhatsApp business number of an account. Every account has one sandbox number; a real number records
/// Meta's ids and credentials, which are kept encrypted and never returned.
/// </summary>
internal sealed class PhoneNumber
{
    /// <summary>Meta's phone-number id (digits), the <c>{phone-number-id}</c> of Cloud API paths.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>The WhatsApp Business Account id, the <c>{waba-id}</c> of template paths.</summary>
    public required string WabaId { get; init; }
    public required string DisplayNumber { get; set; }
    public string? VerifiedName { get; set; }
    public PhoneNumberProvider Provider { get; init; }
    /// <summary>AES-GCM ciphertext (Keys/SecretProtector) of Meta's access token, for real numbers.</summary>
    public byte[]? EncryptedAccessToken { get; set; }
    /// <summary>AES-GCM ciphertext of the Meta app secret that signs inbound webhooks, for real numbers.</summary>
    public byte[]? EncryptedAppSecret { get; set; }
    /// <summary>The token Meta echoes in its webhook verification challenge.</summary>
    public byte[]? EncryptedVerifyToken { get; set; }
    /// <summary>Who a non-production key may message through this number's sandbox (wa ids).</summary>
    public List<string> TestRecipients { get; set; } = [];
    public DateTime CreatedAt { get; init; }

    // A real number's health as Meta last reported it (NumberHealth): at registration, on refresh, and from
    // phone_number_quality_update webhooks. Null for the sandbox number.
    public string? Status { get; set; }
    public string? QualityRating { get; set; }
    public string? MessagingLimitTier { get; set; }
    public string? NameStatus { get; set; }
    /// <summary>The last <c>phone_number_quality_update</c> event (FLAGGED, UNFLAGGED, DOWNGRADE, UPGRADE, ONBOARDING).</summary>
    public string? QualityEvent { get; set; }
    public DateTime? HealthCheckedAt { get; set; }
}

/// <summary>Persisted as numbers: never renumber.</summary>
internal enum PhoneNumberProvider
{
    Sandbox = 1,
    Meta = 2,
}
