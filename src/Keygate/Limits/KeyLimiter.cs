using System.Collections.Concurrent;
using Keygate.Authentication;
using Keygate.Http;
using Microsoft.Extensions.Options;

namespace Keygate.Limits;

/// <summary>
/// Decides, per key, whether a request fits every rate-limit window and quota, and if so spends it from
/// all of them at once; a refused request spends nothing. Each key's counters change under one lock, so
/// concurrent requests can never be admitted past a limit. Quotas spend from durably reserved blocks
/// (<see cref="QuotaLedger"/>); only refilling a block touches the database.
/// </summary>
internal sealed class KeyLimiter(QuotaLedger ledger, TimeProvider time, IOptions<LimitsOptions> options)
{
    private readonly ConcurrentDictionary<string, KeyCounters> _keys = new(StringComparer.Ordinal);
    private readonly LimitsOptions _options = options.Value;

    public async ValueTask<LimitDecision> TryAcquireAsync(KeySnapshot key, Charge charge, CancellationToken cancellationToken)
    {
        if (key.RateLimits.Length == 0 && key.Quotas.Length == 0)
        {
            return LimitDecision.Unlimited;
        }
        var counters = _keys.GetOrAdd(key.Id, static _ => new KeyCounters());
        while (true)
        {
            LimitDecision decision;
            QuotaCounter? refill;
            lock (counters)
            {
                decision = TryConsume(counters, key, charge, time.GetUtcNow(), out refill);
            }
            if (refill is null)
            {
                return decision;
            }
            await RefillAsync(counters, refill, charge.For(refill.Metric), cancellationToken);
        }
    }

    /// <summary>Every limit of the key with what is left of it, for <c>/v1/whoami</c>.</summary>
    public async Task<IReadOnlyList<Allowance>> DescribeAsync(KeySnapshot key, CancellationToken cancellationToken)
    {
        var counters = _keys.GetOrAdd(key.Id, static _ => new KeyCounters());
        QuotaCounter[] quotas;
        lock (counters)
        {
            counters.Align(key, _options.WindowBuckets);
            quotas = [.. key.Quotas.Select((rule, i) => counters.QuotaFor(i, rule, key.Id, time.GetUtcNow()))];
        }
        foreach (var counter in quotas.Where(c => !c.Loaded))
        {
            await RefillAsync(counters, counter, 0, cancellationToken);
        }
        lock (counters)
        {
            var now = time.GetUtcNow();
            var allowances = new List<Allowance>();
            for (var i = 0; i < key.RateLimits.Length; i++)
            {
                counters.Windows[i].Advance(now.UtcTicks);
                allowances.Add(WindowAllowance(key.RateLimits[i], counters.Windows[i], now));
            }
            for (var i = 0; i < key.Quotas.Length; i++)
            {
                allowances.Add(QuotaAllowance(key.Quotas[i], counters.QuotaFor(i, key.Quotas[i], key.Id, now), now));
            }
            return allowances;
        }
    }

    /// <summary>On a graceful stop, gives back every reserved-but-unspent block, so a clean restart loses nothing.</summary>
    public async Task ReleaseUnspentAsync(CancellationToken cancellationToken)
    {
        foreach (var counters in _keys.Values)
        {
            List<(QuotaCounter Counter, long Used)> loaded;
            lock (counters)
            {
                loaded = [.. counters.Quotas.OfType<QuotaCounter>().Where(c => c.Loaded && c.Reserved > c.Used).Select(c => (c, c.Used))];
            }
            foreach (var (counter, used) in loaded)
            {
                await ledger.ReleaseAsync(counter.Scope, counter.Metric, counter.PeriodId, used, cancellationToken);
                lock (counters)
                {
                    // Only what was handed back: anything spent since stays reserved.
                    counter.Reserved = Math.Max(counter.Used, used);
                }
            }
        }
    }

    private LimitDecision TryConsume(KeyCounters counters, KeySnapshot key, Charge charge, DateTimeOffset now, out QuotaCounter? refill)
    {
        refill = null;
        counters.Align(key, _options.WindowBuckets);
        var ticks = now.UtcTicks;
        for (var i = 0; i < key.RateLimits.Length; i++)
        {
            var window = counters.Windows[i];
            window.Advance(ticks);
            if (!window.Admits(charge.Requests))
            {
                return new LimitDecision(false, ProblemCodes.RateLimited, window.UntilAdmits(charge.Requests, ticks), WindowAllowance(key.RateLimits[i], window, now));
            }
        }
        for (var i = 0; i < key.Quotas.Length; i++)
        {
            var rule = key.Quotas[i];
            var cost = charge.For(rule.Metric);
            if (cost == 0)
            {
                continue;
            }
            var counter = counters.QuotaFor(i, rule, key.Id, now);
            if (!counter.Loaded)
            {
                refill = counter;
                return default;
            }
            if (counter.Used + cost > rule.Limit)
            {
                return new LimitDecision(false, ProblemCodes.QuotaExceeded, QuotaPeriods.EndOf(rule.Period, now) - now, QuotaAllowance(rule, counter, now));
            }
            if (counter.Used + cost > counter.Reserved)
            {
                refill = counter;
                return default;
            }
        }

        Allowance? tightest = null;
        for (var i = 0; i < key.RateLimits.Length; i++)
        {
            counters.Windows[i].Add(charge.Requests);
            tightest = Tighter(tightest, WindowAllowance(key.RateLimits[i], counters.Windows[i], now));
        }
        for (var i = 0; i < key.Quotas.Length; i++)
        {
            var cost = charge.For(key.Quotas[i].Metric);
            if (cost > 0)
            {
                var counter = counters.QuotaFor(i, key.Quotas[i], key.Id, now);
                counter.Used += cost;
                tightest = Tighter(tightest, QuotaAllowance(key.Quotas[i], counter, now));
            }
        }
        return new LimitDecision(true, null, TimeSpan.Zero, tightest);
    }

    /// <summary>Loads a counter from its durable reservation, or reserves the next block, outside the key's lock.</summary>
    private async Task RefillAsync(KeyCounters counters, QuotaCounter counter, long cost, CancellationToken cancellationToken)
    {
        await counter.Gate.WaitAsync(cancellationToken);
        try
        {
            bool load;
            long amount;
            lock (counters)
            {
                load = !counter.Loaded;
                amount = load ? 0 : ReservationSize(counter, counters.LimitOf(counter), cost);
            }
            if (load)
            {
                // After a crash, everything reserved before it counts as spent: under-spend, never over-spend.
                var reserved = await ledger.ReservedAsync(counter.Scope, counter.Metric, counter.PeriodId, cancellationToken);
                lock (counters)
                {
                    counter.Used = counter.Reserved = reserved;
                    counter.Loaded = true;
                }
            }
            else if (amount > 0)
            {
                var reserved = await ledger.ReserveAsync(counter.Scope, counter.Metric, counter.PeriodId, amount, cancellationToken);
                lock (counters)
                {
                    counter.Reserved = reserved;
                }
            }
        }
        finally
        {
            counter.Gate.Release();
        }
    }

    private long ReservationSize(QuotaCounter counter, long limit, long cost)
    {
        if (counter.Used + cost <= counter.Reserved)
        {
            return 0; // another request refilled it while this one waited
        }
        var block = Math.Clamp((long)Math.Ceiling(limit * _options.ReservationShare), 1, _options.MaxReservation);
        return Math.Min(limit - counter.Reserved, Math.Max(block, counter.Used + cost - counter.Reserved));
    }

    private static Allowance WindowAllowance(WindowRule rule, SlidingWindow window, DateTimeOffset now) =>
        new("rate", rule.Name, rule.Limit, window.Remaining, Seconds(window.UntilNextRelease(now.UtcTicks)));

    private static Allowance QuotaAllowance(QuotaLimit rule, QuotaCounter counter, DateTimeOffset now) =>
        new("quota", rule.Name, rule.Limit, Math.Max(0, rule.Limit - counter.Used), Seconds(QuotaPeriods.EndOf(rule.Period, now) - now));

    /// <summary>The limit with the least left; on a tie, the one that comes back later.</summary>
    private static Allowance Tighter(Allowance? current, Allowance candidate) =>
        current is null || candidate.Remaining < current.Remaining
        || (candidate.Remaining == current.Remaining && candidate.ResetSeconds > current.ResetSeconds)
            ? candidate
            : current;

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(Math.Max(0, span.TotalSeconds));

    /// <summary>One key's counters, kept aligned with the rules of the key's current snapshot.</summary>
    private sealed class KeyCounters
    {
        private WindowRule[] _rules = [];
        private QuotaLimit[] _quotaRules = [];

        public SlidingWindow[] Windows { get; private set; } = [];

        public QuotaCounter?[] Quotas { get; private set; } = [];

        /// <summary>Follows an edit of the key's limits; a window or quota whose rule did not change keeps its count.</summary>
        public void Align(KeySnapshot key, int buckets)
        {
            if (!ReferenceEquals(_rules, key.RateLimits))
            {
                var old = _rules;
                var oldWindows = Windows;
                Windows = [.. key.RateLimits.Select(rule =>
                    Array.IndexOf(old, rule) is >= 0 and var at ? oldWindows[at] : new SlidingWindow(rule.Limit, TimeSpan.FromSeconds(rule.PeriodSeconds), buckets))];
                _rules = key.RateLimits;
            }
            if (!ReferenceEquals(_quotaRules, key.Quotas))
            {
                var old = _quotaRules;
                var oldQuotas = Quotas;
                Quotas = [.. key.Quotas.Select(rule => Array.FindIndex(old, o => o.Metric == rule.Metric && o.Period == rule.Period) is >= 0 and var at ? oldQuotas[at] : null)];
                _quotaRules = key.Quotas;
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
}
