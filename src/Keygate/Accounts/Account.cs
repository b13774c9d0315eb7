using Keygate.Http;

namespace Keygate.Accounts;

/// <summary>A tenant: one business. Every key, user and record belongs to exactly one account.</summary>
internal sealed class Account : IListedRow, Keys.IAccountLimits
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }
    /// <summary>Limits every key of the account shares, on top of each key's own; set by operators.</summary>
    public List<Keys.RateLimitRule> RateLimits { get; set; } = [];
    public List<Keys.QuotaRule> Quotas { get; set; } = [];
}
