using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// The counters of one scope (a key, or an account), kept aligned with the scope's current rules.
/// Guarded by locking the instance.
/// </summary>
internal sealed class LimitCounters
{
    private WindowRule[] _rules = [];
    private QuotaLimit[] _quotaRules = [];

    public SlidingWindow[] Windows { get; private set; } = [];

    public QuotaCounter?[] Quotas { get; private set; } = [];

    /// <summary>Follows an edit of the limits; a window or quota whose rule did not change keeps its count.</summary>
    public void Align(in LimitScope scope, int buckets)
    {
        // Every key of an account carries its own copy of the account's rules: equal rules are not an edit, so the
        // counters stay and only the reference is taken (no rebuild per request when an account's keys take turns).
        if (!ReferenceEquals(_rules, scope.Windows) && _rules.AsSpan().SequenceEqual(scope.Windows))
        {
            _rules = scope.Windows;
        }
        if (!ReferenceEquals(_quotaRules, scope.Quotas) && _quotaRules.AsSpan().SequenceEqual(scope.Quotas))
        {
            _quotaRules = scope.Quotas;
        }
        if (!ReferenceEquals(_rules, scope.Windows))
        {
            var old = _rules;
            var oldWindows = Windows;
            Windows = [.. scope.Windows.Select(rule =>
                Array.IndexOf(old, rule) is >= 0 and var at ? oldWindows[at] : new SlidingWindow(rule.Limit, TimeSpan.FromSeconds(rule.PeriodSeconds), buckets))];
            _rules = scope.Windows;
        }
        if (!ReferenceEquals(_quotaRules, scope.Quotas))
        {
            var old = _quotaRules;
            var oldQuotas = Quotas;
            Quotas = [.. scope.Quotas.Select(rule => Array.FindIndex(old, o => o.Metric == rule.Metric && o.Period == rule.Period) is >= 0 and var at ? oldQuotas[at] : null)];
            _quotaRules = scope.Quotas;
        }
    }

    /// <summary>The counter of the period containing <paramref name="now"/>; a new period starts from zero.</summary>
    public QuotaCounter QuotaFor(int index, QuotaLimit rule, string scope, DateTimeOffset now)
    {
        var period = QuotaPeriods.IdOf(rule.Period, now);
        if (Quotas[index] is not { } counter || counter.PeriodId != period)
        {
            counter = Quotas[index] = new QuotaCounter(scope, rule.Metric, rule.Period, period);
        }
        return counter;
    }

    public long LimitOf(QuotaCounter counter) =>
        _quotaRules.FirstOrDefault(r => r.Metric == counter.Metric && r.Period == counter.Period)?.Limit ?? 0;
}
