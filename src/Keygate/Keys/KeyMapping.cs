using System.Text.Json;
using Keygate.Http;

namespace Keygate.Keys;

internal static class KeyMapping
{
    /// <summary><paramref name="apiSecret"/> is given by a create or a rotation only: the one time the secret is shown.</summary>
    public static Versioned<KeyResponse> ToVersioned(this ApiKey key, DateTime now, string? apiSecret = null) => new(key.ToResponse(now, apiSecret), key.ETag);

    public static KeyResponse ToResponse(this ApiKey key, DateTime now, string? apiSecret = null) => new(
        key.Id,
        key.Name,
        KeyNames.Of(key.Environment),
        KeyNames.Of(key.EffectiveStatus(now)),
        key.Permissions,
        key.PhoneNumberIds,
        key.IpAllowlist,
        [.. key.RateLimits.Select(r => new RateLimitContract(r.Name, r.Limit, r.PeriodSeconds))],
        [.. key.Quotas.Select(q => new QuotaContract(KeyNames.Of(q.Metric), q.Limit, KeyNames.Of(q.Period)))],
        key.ExpiresAt,
        KeyNames.Of(key.Signing),
        KeyNames.Of(key.MisusePolicy),
        key.Labels.OrderBy(l => l.Name, StringComparer.Ordinal).ToDictionary(l => l.Name, l => l.Value),
        key.Metadata is null ? null : JsonDocument.Parse(key.Metadata).RootElement.Clone(),
        key.SecretHint,
        key.CreatedAt,
        key.UpdatedAt,
        key.LastUsedAt,
        key.LastUsedIp,
        key.PreviousSecretValid(now) ? key.PreviousSecretExpiresAt : null)
    {
        ApiSecret = apiSecret,
    };

    public static bool PreviousSecretValid(this ApiKey key, DateTime now) => key.PreviousSecretHash is not null && now < key.PreviousSecretExpiresAt;
}
