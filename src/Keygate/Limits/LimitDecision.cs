namespace Keygate.Limits;

/// <summary>One limit's state after a request: what the RateLimit-* headers and <c>/v1/whoami</c> report.</summary>
public sealed record Allowance(string Kind, string Name, long Limit, long Remaining, int ResetSeconds);

/// <summary>The answer to "may this request go ahead?", with the tightest limit for the response headers.</summary>
internal readonly record struct LimitDecision(bool Allowed, string? Code, TimeSpan RetryAfter, Allowance? Tightest)
{
    public static readonly LimitDecision Unlimited = new(true, null, TimeSpan.Zero, null);
}
