using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Keys;

/// <summary>An API key as stored. The secret itself is never stored: only its SHA-256, and for signing keys its ciphertext.</summary>
internal sealed class ApiKey : IListedRow
{
    /// <summary>The API key string (<c>kg_live_…</c>), public by design.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string Name { get; set; }
    public KeyEnvironment Environment { get; init; }
    /// <summary>Active, disabled or revoked; "expired" is derived from <see cref="ExpiresAt"/> when read.</summary>
    public KeyStatus Status { get; set; }
    public List<string> Permissions { get; set; } = [];
    public List<string> PhoneNumberIds { get; set; } = [];
    public List<string> IpAllowlist { get; set; } = [];
    public List<RateLimitRule> RateLimits { get; set; } = [];
    public List<QuotaRule> Quotas { get; set; } = [];
    public DateTime? ExpiresAt { get; set; }
    public SigningMode Signing { get; set; }
    public MisusePolicy MisusePolicy { get; set; }
    public List<KeyLabel> Labels { get; set; } = [];
    /// <summary>A JSON object as the client sent it, at most 8 KB.</summary>
    public string? Metadata { get; set; }

    public required byte[] SecretHash { get; set; }
    public required string SecretHint { get; set; }
    /// <summary>AES-256-GCM ciphertext of the secret, kept only while signed requests are allowed.</summary>
    public byte[]? EncryptedSecret { get; set; }
    public byte[]? PreviousSecretHash { get; set; }
    public byte[]? PreviousEncryptedSecret { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }

    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public string? LastUsedIp { get; set; }
    /// <summary>Bumped by every change: the ETag, and the optimistic-concurrency token.</summary>
    public int Version { get; set; }

    public string ETag => $"\"{Version}\"";

    public KeyStatus EffectiveStatus(DateTime now) =>
        Status == KeyStatus.Active && ExpiresAt <= now ? KeyStatus.Expired : Status;
}

internal sealed class RateLimitRule
{
    public required string Name { get; set; }
    public long Limit { get; set; }
    public int PeriodSeconds { get; set; }
}

internal sealed class QuotaRule
{
    public QuotaMetric Metric { get; set; }
    public long Limit { get; set; }
    public QuotaPeriod Period { get; set; }
}

internal sealed class KeyLabel
{
    public required string Name { get; set; }
    public required string Value { get; set; }
}
