namespace Keygate.Keys;

/// <summary>A rate-limit window as the request path sees it.</summary>
internal sealed record WindowRule(string Name, long Limit, int PeriodSeconds);

/// <summary>A quota as the request path sees it.</summary>
internal sealed record QuotaLimit(QuotaMetric Metric, QuotaPeriod Period, long Limit)
{
    public string Name => $"{KeyNames.Of(Metric)}-per-{KeyNames.Of(Period)}";
}
