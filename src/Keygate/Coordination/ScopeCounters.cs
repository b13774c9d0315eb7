namespace Keygate.Coordination;

/// <summary>
/// The counters of one scope (a key, or an account), kept aligned with the scope's current limits.
/// Guarded by locking the instance.
/// </summary>
internal sealed class ScopeCounters
{
    private WindowSpec[] _windows = [];
    private QuotaSpec[] _quotas = [];

    public SlidingWindow[] Windows { get; private set; } = [];

    public QuotaCounter?[] Quotas { get; private set; } = [];

    /// <summary>Follows an edit of the limits; a window whose rule did not change keeps its count, a quota keeps its spend.</summary>
    public void Align(in CounterScope scope, int buckets)
    {
        // Checked on every take; the rebuilding (and its lambdas' captures) only when the limits changed.
        if (!_windows.AsSpan().SequenceEqual(scope.Windows))
        {
            AlignWindows(scope.Windows, buckets);
        }
        if (!SameQuotas(_quotas, scope.Quotas))
        {
            AlignQuotas(scope.Quotas);
        }
    }

    private void AlignWindows(WindowSpec[] windows, int buckets)
    {
        var old = _windows;
        var oldWindows = Windows;
        Windows = [.. windows.Select(spec =>
            Array.IndexOf(old, spec) is >= 0 and var at ? oldWindows[at] : new SlidingWindow(spec.Limit, spec.Period, buckets))];
        _windows = windows;
    }

    private void AlignQuotas(QuotaSpec[] quotas)
    {
        var old = _quotas;
        var oldQuotas = Quotas;
        Quotas = [.. quotas.Select(spec => Array.FindIndex(old, o => o.Metric == spec.Metric && o.PeriodId == spec.PeriodId) is >= 0 and var at ? oldQuotas[at] : null)];
        _quotas = quotas;
    }

    /// <summary>The counter of the period <paramref name="spec"/> names; a new period starts from zero.</summary>
    public QuotaCounter QuotaFor(int index, in QuotaSpec spec, string scope)
    {
        if (Quotas[index] is not { } counter || counter.PeriodId != spec.PeriodId)
        {
            counter = Quotas[index] = new QuotaCounter(scope, spec.Metric, spec.PeriodId);
        }
        return counter;
    }

    /// <summary>The same quota periods in the same order; their limits and costs may differ. A new period is a new quota period.</summary>
    private static bool SameQuotas(QuotaSpec[] current, QuotaSpec[] next)
    {
        if (current.Length != next.Length)
        {
            return false;
        }
        for (var i = 0; i < current.Length; i++)
        {
            if (current[i].Metric != next[i].Metric || current[i].PeriodId != next[i].PeriodId)
            {
                return false;
            }
        }
        return true;
    }
}
