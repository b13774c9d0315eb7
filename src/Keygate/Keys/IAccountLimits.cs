namespace Keygate.Keys;

/// <summary>
/// The limits every key of an account shares, on top of each key's own. The account itself (a tenant, with its
/// users) belongs to the Accounts feature; a key check needs nothing of it but these rules.
/// </summary>
internal interface IAccountLimits
{
    List<RateLimitRule> RateLimits { get; }
    List<QuotaRule> Quotas { get; }
}
