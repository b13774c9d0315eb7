using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keygate.Keys;

/// <summary>The key object of the management API. Never carries the secret's hash; the secret itself only on create and rotate.</summary>
public sealed record KeyResponse(
    string Id,
    string Name,
    string Environment,
    string Status,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> PhoneNumberIds,
    IReadOnlyList<string> IpAllowlist,
    IReadOnlyList<RateLimitContract> RateLimits,
    IReadOnlyList<QuotaContract> Quotas,
    DateTime? ExpiresAt,
    string Signing,
    string MisusePolicy,
    IReadOnlyDictionary<string, string> Labels,
    JsonElement? Metadata,
    string SecretHint,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? LastUsedAt,
    string? LastUsedIp,
    DateTime? PreviousSecretExpiresAt)
{
    /// <summary>The API secret key: present in the create and rotate responses only, and shown nowhere else, ever.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ApiSecret { get; init; }
}

public sealed record RateLimitContract(string Name, long Limit, int PeriodSeconds);

public sealed record QuotaContract(string Metric, long Limit, string Period);

/// <summary>The body of <c>POST /v1/keys</c>, for the API description; the endpoint reads it field by field to report every error at once.</summary>
public sealed record CreateKeyRequest(
    string Name,
    string Environment,
    IReadOnlyList<string>? Permissions,
    IReadOnlyList<string>? PhoneNumberIds,
    IReadOnlyList<string>? IpAllowlist,
    IReadOnlyList<RateLimitContract>? RateLimits,
    IReadOnlyList<QuotaContract>? Quotas,
    DateTime? ExpiresAt,
    string? Signing,
    string? MisusePolicy,
    IReadOnlyDictionary<string, string>? Labels,
    JsonElement? Metadata);

public sealed record RotateKeyRequest(int? GracePeriodSeconds, string? Signing);

public sealed record VerifyKeyRequest(string? ApiKey, string? ApiSecret, IReadOnlyList<string>? Permissions, int? Cost, string? ClientIp);

public sealed record VerifyKeyResponse(bool Valid, string Code, string? KeyId, string? Environment, IReadOnlyList<string>? Permissions, DateTime? ExpiresAt);
