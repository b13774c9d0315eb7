using System.Net;
using System.Text.Json.Nodes;
using Keygate.Authorization;

namespace Keygate.Keys;

/// <summary>
/// Everything a request check needs to know about a key, resolved once when the key is loaded, so that
/// a cache hit costs a dictionary lookup, one SHA-256 and a few comparisons.
/// </summary>
internal sealed class KeySnapshot
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public KeyEnvironment Environment { get; init; }
    public KeyStatus Status { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public Permission Permissions { get; init; }
    public required IPNetwork[] IpAllowlist { get; init; }
    public required string[] PhoneNumberIds { get; init; }
    /// <summary>Bound to some of its account's numbers, and so to nothing that reaches them all.</summary>
    public bool IsBoundToNumbers => PhoneNumberIds.Length > 0;
    public required WindowRule[] RateLimits { get; init; }
    public required QuotaLimit[] Quotas { get; init; }
    /// <summary>The account's own limits, shared by all its keys: checked (and spent) with the key's.</summary>
    public WindowRule[] AccountRateLimits { get; init; } = [];
    public QuotaLimit[] AccountQuotas { get; init; } = [];

    /// <summary>Whether a quota of the key or its account counts messages by pricing category (<c>messages:marketing</c>, …).</summary>
    public bool CountsCategories => Quotas.Concat(AccountQuotas).Any(q => q.Metric > QuotaMetric.Messages);
    public SigningMode Signing { get; init; }
    public MisusePolicy MisusePolicy { get; init; }
    /// <summary>A key made to be found by a thief (<c>metadata.canary: true</c>): any use of it is an alert.</summary>
    public bool IsCanary { get; init; }
    public required byte[] SecretHash { get; init; }
    public byte[]? PreviousSecretHash { get; init; }
    public DateTime? PreviousSecretExpiresAt { get; init; }
    public byte[]? EncryptedSecret { get; init; }
    public byte[]? PreviousEncryptedSecret { get; init; }
    /// <summary>When this copy was read from the store, for the cache's time-to-live.</summary>
    public long LoadedAtTimestamp { get; init; }

    public static KeySnapshot From(ApiKey key, long loadedAtTimestamp, IAccountLimits? account = null) => new()
    {
        AccountRateLimits = [.. (account?.RateLimits ?? []).Select(r => new WindowRule(r.Name, r.Limit, r.PeriodSeconds))],
        AccountQuotas = [.. (account?.Quotas ?? []).Select(q => new QuotaLimit(q.Metric, q.Period, q.Limit))],
        Id = key.Id,
        AccountId = key.AccountId,
        Environment = key.Environment,
        Status = key.Status,
        ExpiresAt = key.ExpiresAt,
        Permissions = PermissionCatalog.Parse(key.Permissions),
        IpAllowlist = [.. key.IpAllowlist.Select(cidr => IPNetwork.Parse(cidr))],
        PhoneNumberIds = [.. key.PhoneNumberIds],
        RateLimits = [.. key.RateLimits.Select(r => new WindowRule(r.Name, r.Limit, r.PeriodSeconds))],
        Quotas = [.. key.Quotas.Select(q => new QuotaLimit(q.Metric, q.Period, q.Limit))],
        Signing = key.Signing,
        MisusePolicy = key.MisusePolicy,
        IsCanary = key.Metadata is not null && JsonNode.Parse(key.Metadata)?["canary"] is JsonValue flag && flag.TryGetValue(out bool canary) && canary,
        SecretHash = key.SecretHash,
        PreviousSecretHash = key.PreviousSecretHash,
        PreviousSecretExpiresAt = key.PreviousSecretExpiresAt,
        EncryptedSecret = key.EncryptedSecret,
        PreviousEncryptedSecret = key.PreviousEncryptedSecret,
        LoadedAtTimestamp = loadedAtTimestamp,
    };

    public bool PreviousSecretValid(DateTime now) => PreviousSecretHash is not null && now < PreviousSecretExpiresAt;

    public bool AllowsAddress(IPAddress? address)
    {
        if (IpAllowlist.Length == 0)
        {
            return true;
        }
        if (address is null)
        {
            return false;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in IpAllowlist)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
