using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>A rate-limit window as the request path sees it.</summary>
internal sealed record WindowRule(string Name, long Limit, int PeriodSeconds);

/// <summary>A quota as the request path sees it.</summary>
internal sealed record QuotaLimit(QuotaMetric Metric, QuotaPeriod Period, long Limit)
{
    public string Name => $"{KeyNames.Of(Metric)}-per-{KeyNames.Of(Period)}";
}

/// <summary>What one request costs: every request counts once, a message send also counts its messages.</summary>
internal readonly record struct Charge(long Requests, long Messages)
{
    public static readonly Charge OneRequest = new(1, 0);

    public long For(QuotaMetric metric) => metric == QuotaMetric.Messages ? Messages : Requests;
}
