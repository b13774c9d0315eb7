using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// One quota period of one key in memory: <see cref="Used"/> is exact, <see cref="Reserved"/> mirrors the
/// durable reservation and is always at least <see cref="Used"/>. Fields are guarded by the key's lock;
/// <see cref="Gate"/> serialises the slow path that talks to the database.
/// </summary>
internal sealed class QuotaCounter(string scope, QuotaMetric metric, QuotaPeriod period, int periodId)
{
    public string Scope { get; } = scope;
    public QuotaMetric Metric { get; } = metric;
    public QuotaPeriod Period { get; } = period;
    public int PeriodId { get; } = periodId;
    public bool Loaded { get; set; }
    public long Used { get; set; }
    public long Reserved { get; set; }
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
