using System.Collections.Concurrent;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.Extensions.Options;

namespace Keygate.Limits;

/// <summary>
/// Decides whether a request fits every rate-limit window and quota of its key and of its account, and if
/// so spends it from all of them at once; a refused request spends nothing. Counters change under their
/// scope's lock (the account's, then the key's, always in that order), so concurrent requests can never be
/// admitted past a limit. Quotas spend from durably reserved blocks (<see cref="QuotaLedger"/>); only
/// refilling a block touches the database.
/// </summary>
internal sealed class KeyLimiter(QuotaLedger ledger, TimeProvider time, IOptions<LimitsOptions> options)
{
    private const string AccountLabel = "account:";
    private readonly ConcurrentDictionary<string, LimitCounters> _scopes = new(StringComparer.Ordinal);
    private readonly LimitsOptions _options = options.Value;

    public async ValueTask<LimitDecision> TryAcquireAsync(KeySnapshot key, Charge charge, CancellationToken cancellationToken)
    {
        var (keyScope, accountScope) = ScopesOf(key);
        if (keyScope.IsEmpty && accountScope.IsEmpty)
        {
            return LimitDecision.Unlimited;
        }
        var keyCounters = _scopes.GetOrAdd(keyScope.Id, static _ => new LimitCounters());
        var accountCounters = accountScope.IsEmpty ? keyCounters : _scopes.GetOrAdd(AccountLabel + accountScope.Id, static _ => new LimitCounters());
        while (true)
        {
            LimitDecision decision;
            (LimitCounters Counters, QuotaCounter Counter)? refill;
            lock (accountCounters)
            {
                lock (keyCounters)
                {
                    decision = TryConsume(keyCounters, keyScope, accountCounters, accountScope, charge, time.GetUtcNow(), out refill);
                }
            }
            if (refill is not { } pending)
            {
                return decision;
            }
            await RefillAsync(pending.Counters, pending.Counter, charge.For(pending.Counter.Metric), cancellationToken);
        }
    }

    /// <summary>Every limit of the key and its account, with what is left of it, for <c>/v1/whoami</c> and the allowances endpoint.</summary>
    public async Task<IReadOnlyList<Allowance>> DescribeAsync(KeySnapshot key, CancellationToken cancellationToken)
    {
        var (keyScope, accountScope) = ScopesOf(key);
        var allowances = new List<Allowance>();
        foreach (var scope in new[] { keyScope, accountScope })
        {
            var counters = _scopes.GetOrAdd(scope.Id == key.Id ? scope.Id : AccountLabel + scope.Id, static _ => new LimitCounters());
            QuotaCounter[] quotas;
            lock (counters)
            {
                counters.Align(scope, _options.WindowBuckets);
                quotas = [.. scope.Quotas.Select((rule, i) => counters.QuotaFor(i, rule, scope.Id, time.GetUtcNow()))];
            }
            foreach (var counter in quotas.Where(c => !c.Loaded))
            {
                await RefillAsync(counters, counter, 0, cancellationToken);
            }
            lock (counters)
            {
                var now = time.GetUtcNow();
                for (var i = 0; i < scope.Windows.Length; i++)
                {
                    counters.Windows[i].Advance(now.UtcTicks);
                    allowances.Add(WindowAllowance(scope, scope.Windows[i], counters.Windows[i], now));
                }
                for (var i = 0; i < scope.Quotas.Length; i++)
                {
                    allowances.Add(QuotaAllowance(scope, scope.Quotas[i], counters.QuotaFor(i, scope.Quotas[i], scope.Id, now), now));
                }
            }
        }
        return allowances;
    }

    /// <summary>On a graceful stop, gives back every reserved-but-unspent block, so a clean restart loses nothing.</summary>
    public async Task ReleaseUnspentAsync(CancellationToken cancellationToken)
    {
        foreach (var counters in _scopes.Values)
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

    private static (LimitScope Key, LimitScope Account) ScopesOf(KeySnapshot key) =>
        (new LimitScope(key.Id, "", key.RateLimits, key.Quotas), new LimitScope(key.AccountId, AccountLabel, key.AccountRateLimits, key.AccountQuotas));

    private LimitDecision TryConsume(LimitCounters keyCounters, in LimitScope keyScope, LimitCounters accountCounters, in LimitScope accountScope,
        Charge charge, DateTimeOffset now, out (LimitCounters, QuotaCounter)? refill)
    {
        refill = null;
        keyCounters.Align(keyScope, _options.WindowBuckets);
        if (!accountScope.IsEmpty)
        {
            accountCounters.Align(accountScope, _options.WindowBuckets);
        }
        if (Refusal(keyCounters, keyScope, charge, now, ref refill) is { } keyRefusal)
        {
            return keyRefusal;
        }
        if (refill is null && !accountScope.IsEmpty && Refusal(accountCounters, accountScope, charge, now, ref refill) is { } accountRefusal)
        {
            return accountRefusal;
        }
        if (refill is not null)
        {
            return default;
        }
        var tightest = Spend(keyCounters, keyScope, charge, now, null);
        return new LimitDecision(true, null, TimeSpan.Zero, accountScope.IsEmpty ? tightest : Spend(accountCounters, accountScope, charge, now, tightest));
    }

    /// <summary>The refusal if a limit of the scope is reached; sets <paramref name="refill"/> when a quota must be loaded or refilled first.</summary>
    private static LimitDecision? Refusal(LimitCounters counters, in LimitScope scope, Charge charge, DateTimeOffset now, ref (LimitCounters, QuotaCounter)? refill)
    {
        var ticks = now.UtcTicks;
        for (var i = 0; i < scope.Windows.Length; i++)
        {
            var window = counters.Windows[i];
            window.Advance(ticks);
            if (!window.Admits(charge.Requests))
            {
                return new LimitDecision(false, ProblemCodes.RateLimited, window.UntilAdmits(charge.Requests, ticks), WindowAllowance(scope, scope.Windows[i], window, now));
            }
        }
        for (var i = 0; i < scope.Quotas.Length; i++)
        {
            var rule = scope.Quotas[i];
            var cost = charge.For(rule.Metric);
            if (cost == 0)
            {
                continue;
            }
            var counter = counters.QuotaFor(i, rule, scope.Id, now);
            if (!counter.Loaded || (counter.Used + cost > counter.Reserved && counter.Used + cost <= rule.Limit))
            {
                refill = (counters, counter);
                return null;
            }
            if (counter.Used + cost > rule.Limit)
            {
                return new LimitDecision(false, ProblemCodes.QuotaExceeded, QuotaPeriods.EndOf(rule.Period, now) - now, QuotaAllowance(scope, rule, counter, now));
            }
        }
        return null;
    }

    private static Allowance? Spend(LimitCounters counters, in LimitScope scope, Charge charge, DateTimeOffset now, Allowance? tightest)
    {
        for (var i = 0; i < scope.Windows.Length; i++)
        {
            counters.Windows[i].Add(charge.Requests);
            tightest = Tighter(tightest, WindowAllowance(scope, scope.Windows[i], counters.Windows[i], now));
        }
        for (var i = 0; i < scope.Quotas.Length; i++)
        {
            var cost = charge.For(scope.Quotas[i].Metric);
            if (cost > 0)
            {
                var counter = counters.QuotaFor(i, scope.Quotas[i], scope.Id, now);
                counter.Used += cost;
                tightest = Tighter(tightest, QuotaAllowance(scope, scope.Quotas[i], counter, now));
            }
        }
        return tightest;
    }

    /// <summary>Loads a counter from its durable reservation, or reserves the next block, outside the scopes' locks.</summary>
    private async Task RefillAsync(LimitCounters counters, QuotaCounter counter, long cost, CancellationToken cancellationToken)
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

    private static Allowance WindowAllowance(in LimitScope scope, WindowRule rule, SlidingWindow window, DateTimeOffset now) =>
        new("rate", scope.NameOf(rule.Name), rule.Limit, window.Remaining, Seconds(window.UntilNextRelease(now.UtcTicks)));

    private static Allowance QuotaAllowance(in LimitScope scope, QuotaLimit rule, QuotaCounter counter, DateTimeOffset now) =>
        new("quota", scope.NameOf(rule.Name), rule.Limit, Math.Max(0, rule.Limit - counter.Used), Seconds(QuotaPeriods.EndOf(rule.Period, now) - now));

    /// <summary>The limit with the least left; on a tie, the one that comes back later.</summary>
    private static Allowance Tighter(Allowance? current, Allowance candidate) =>
        current is null || candidate.Remaining < current.Remaining
        || (candidate.Remaining == current.Remaining && candidate.ResetSeconds > current.ResetSeconds)
            ? candidate
            : current;

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(Math.Max(0, span.TotalSeconds));
}
