namespace Keygate.Coordination;

/// <summary>
/// A rate-limit window of <c>limit</c> per <c>period</c>, kept as <c>buckets + 1</c> counters of
/// <c>period / buckets</c> each. A bucket leaves the window one period after the <em>latest</em> request
/// counted in it, so the sum always covers at least the last full period (a bucket's earlier requests count
/// a little longer than their own period): it can only over-count, and no request over the limit is ever
/// admitted. At least <c>buckets / (buckets + 1)</c> of the allowance (95 % with 20 buckets) stays usable
/// under steady load, and the wait it reports is never longer than the period (RateLimit-Reset, Retry-After).
/// Not thread-safe: the caller holds the key's lock.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly long[] _counts;
    private readonly long[] _latest;
    private readonly long _bucketTicks;
    private long _newest;
    private long _now;
    private long _sum;

    public SlidingWindow(long limit, TimeSpan period, int buckets)
    {
        Limit = limit;
        Period = period;
        _counts = new long[buckets + 1];
        _latest = new long[buckets + 1];
        _bucketTicks = Math.Max(1, period.Ticks / buckets);
    }

    public long Limit { get; }

    public TimeSpan Period { get; }

    public long Used => _sum;

    public long Remaining => Math.Max(0, Limit - _sum);

    /// <summary>Moves the window to <paramref name="nowTicks"/>, dropping buckets that fell out of it.</summary>
    public void Advance(long nowTicks)
    {
        _now = Math.Max(_now, nowTicks);
        var index = nowTicks / _bucketTicks;
        if (index > _newest)
        {
            var steps = Math.Min(index - _newest, _counts.Length);
            for (var i = 1; i <= steps; i++)
            {
                Drop(Slot(_newest + i));
            }
            _newest = index;
        }
        // Buckets leave oldest first, each once its latest request is a full period old (the slot a bucket
        // shares with a newer one is reused above by then: its latest request is at most a bucket past its start).
        for (var older = _newest - _counts.Length + 1; older < _newest; older++)
        {
            var slot = Slot(older);
            if (_counts[slot] == 0)
            {
                continue;
            }
            if (_latest[slot] + Period.Ticks > _now)
            {
                return;
            }
            Drop(slot);
        }
    }

    public bool Admits(long cost) => _sum + cost <= Limit;

    public void Add(long cost)
    {
        var slot = Slot(_newest);
        _counts[slot] += cost;
        _latest[slot] = _now;
        _sum += cost;
    }

    /// <summary>How long until <paramref name="cost"/> more would be admitted (zero if it is now).</summary>
    public TimeSpan UntilAdmits(long cost, long nowTicks)
    {
        var excess = _sum + cost - Limit;
        if (excess <= 0)
        {
            return TimeSpan.Zero;
        }
        for (var index = _newest - _counts.Length + 1; index <= _newest; index++)
        {
            excess -= _counts[Slot(index)];
            if (excess <= 0)
            {
                return LeavesAt(Slot(index), nowTicks);
            }
        }
        return Period; // more than the whole limit: never, but a period is the honest hint
    }

    /// <summary>How long until some of the allowance comes back (zero if none is used).</summary>
    public TimeSpan UntilNextRelease(long nowTicks)
    {
        for (var index = _newest - _counts.Length + 1; index <= _newest; index++)
        {
            if (_counts[Slot(index)] > 0)
            {
                return LeavesAt(Slot(index), nowTicks);
            }
        }
        return TimeSpan.Zero;
    }

    private TimeSpan LeavesAt(int slot, long nowTicks) => TimeSpan.FromTicks(Math.Max(0, _latest[slot] + Period.Ticks - nowTicks));

    private void Drop(int slot)
    {
        _sum -= _counts[slot];
        _counts[slot] = 0;
    }

    private int Slot(long index) => (int)(index % _counts.Length);
}
