namespace Keygate.Limits;

/// <summary>
/// A rate-limit window of <c>limit</c> per <c>period</c>, kept as <c>buckets + 1</c> counters of
/// <c>period / buckets</c> each. The sum always covers at least the last full period (the oldest bucket
/// counts whole even when only part of it is still inside), so it can only over-count: no request over the
/// limit is ever admitted. The price is that a request leaves the window between one period and one period
/// plus a bucket after it was made, so at least <c>buckets / (buckets + 1)</c> of the allowance (95 % with
/// 20 buckets) stays usable under steady load. Not thread-safe: the caller holds the key's lock.
/// </summary>
internal sealed class SlidingWindow
{
    private readonly long[] _counts;
    private readonly long _bucketTicks;
    private long _newest;
    private long _sum;

    public SlidingWindow(long limit, TimeSpan period, int buckets)
    {
        Limit = limit;
        Period = period;
        _counts = new long[buckets + 1];
        _bucketTicks = Math.Max(1, period.Ticks / buckets);
    }

    public long Limit { get; }

    public TimeSpan Period { get; }

    public long Used => _sum;

    public long Remaining => Math.Max(0, Limit - _sum);

    /// <summary>Moves the window to <paramref name="nowTicks"/>, dropping buckets that fell out of it.</summary>
    public void Advance(long nowTicks)
    {
        var index = nowTicks / _bucketTicks;
        if (index <= _newest)
        {
            return;
        }
        var steps = Math.Min(index - _newest, _counts.Length);
        for (var i = 1; i <= steps; i++)
        {
            var slot = Slot(_newest + i);
            _sum -= _counts[slot];
            _counts[slot] = 0;
        }
        _newest = index;
    }

    public bool Admits(long cost) => _sum + cost <= Limit;

    public void Add(long cost)
    {
        _counts[Slot(_newest)] += cost;
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
                return LeavesAt(index, nowTicks);
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
                return LeavesAt(index, nowTicks);
            }
        }
        return TimeSpan.Zero;
    }

    private TimeSpan LeavesAt(long index, long nowTicks) => TimeSpan.FromTicks(Math.Max(0, ((index + _counts.Length) * _bucketTicks) - nowTicks));

    private int Slot(long index) => (int)(index % _counts.Length);
}
