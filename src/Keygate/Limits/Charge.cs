using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// What one request costs: every request counts once, a message send also counts its messages, and those of a
/// known pricing <paramref name="Category"/> (<c>marketing</c>, …) count against that category's quotas too.
/// </summary>
internal readonly record struct Charge(long Requests, long Messages, string? Category = null)
{
    public static readonly Charge OneRequest = new(1, 0);

    public long For(QuotaMetric metric) => metric switch
    {
        QuotaMetric.Requests => Requests,
        QuotaMetric.Messages => Messages,
        _ => metric == CategoryMetric ? Messages : 0,
    };

    private QuotaMetric? CategoryMetric => Category switch
    {
        "marketing" => QuotaMetric.MarketingMessages,
        "utility" => QuotaMetric.UtilityMessages,
        "authentication" => QuotaMetric.AuthenticationMessages,
        "service" => QuotaMetric.ServiceMessages,
        _ => null,
    };
}
