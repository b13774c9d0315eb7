namespace Keygate.Coordination;

/// <summary>
/// One quota period of one scope on this node: <see cref="Used"/> is exact, <see cref="Reserved"/> mirrors the
/// durable reservation and is always at least <see cref="Used"/>. Fields are guarded by the scope's lock;
/// <see cref="Gate"/> serialises the slow path that talks to the reservation store.
/// </summary>
internal sealed class QuotaCounter(string scope, int metric, int periodId)
{
    public string Scope { get; } = scope;
    public int Metric { get; } = metric;
    public int PeriodId { get; } = periodId;
    public bool Loaded { get; set; }
    public long Used { get; set; }
    public long Reserved { get; set; }
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
