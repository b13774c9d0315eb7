namespace Keygate.Coordination;

/// <summary>
/// One quota period of one scope on this node. <see cref="Used"/> and <see cref="Reserved"/> start at the durable total
/// when the node loads the period (all of it counted as spent) and grow by what this node spends and reserves, so
/// <see cref="Reserved"/> is always at least <see cref="Used"/> and the node spends only what it reserved.
/// <see cref="Outside"/> is what other nodes have reserved since, as last seen by the store. Fields are guarded by the
/// scope's lock; <see cref="Gate"/> serialises the slow path that talks to the reservation store.
/// </summary>
internal sealed class QuotaCounter(string scope, int metric, int periodId)
{
    public string Scope { get; } = scope;
    public int Metric { get; } = metric;
    public int PeriodId { get; } = periodId;
    public bool Loaded { get; set; }
    public long Used { get; set; }
    public long Reserved { get; set; }
    public long Outside { get; set; }

    /// <summary>The most this node may spend of <paramref name="limit"/>, as far as it knows: the limit less what others hold.</summary>
    public long Ceiling(long limit) => limit - Outside;
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
