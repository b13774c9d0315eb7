using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Keygate.Coordination;

/// <summary>
/// One node's limit counters. A take changes counters under its scopes' locks (the account's, then the key's,
/// always in that order), so it is all-or-nothing and concurrent takes can never pass a limit. Quotas spend from
/// blocks reserved through <see cref="IQuotaReservations"/>; only loading or refilling a block leaves memory, and
/// it does so outside the locks.
/// </summary>
internal sealed class InProcessLimitCounters(IQuotaReservations reservations, TimeProvider time, IOptions<LimitCounterOptions> options) : ILimitCounters
{
    // Keyed by id and kind, not by a prefixed string that every request of a limited account would build anew.
    private readonly ConcurrentDictionary<(string Id, bool IsAccount), ScopeCounters> _scopes = new();
    private readonly LimitCounterOptions _options = options.Value;

    public async ValueTask<CounterTake> TryTakeAsync(CounterScope key, CounterScope account, long requests, CancellationToken cancellationToken)
    {
        var keyCounters = CountersOf(key);
        var accountCounters = account.IsEmpty ? keyCounters : CountersOf(account);
        while (true)
        {
            CounterTake take;
            Refill? refill;
            lock (accountCounters)
            {
                lock (keyCounters)
                {
                    take = TryTake(keyCounters, key, accountCounters, account, requests, time.GetUtcNow(), out refill);
                }
            }
            if (refill is not { } pending)
            {
                return take;
            }
            await RefillAsync(pending, cancellationToken);
        }
    }

    public async ValueTask<CounterState[]> ReadAsync(CounterScope scope, CancellationToken cancellationToken)
    {
        var counters = CountersOf(scope);
        QuotaCounter[] quotas;
        lock (counters)
        {
            counters.Align(scope, _options.WindowBuckets);
            quotas = [.. scope.Quotas.Select((spec, i) => counters.QuotaFor(i, spec, scope.Id))];
        }
        for (var i = 0; i < quotas.Length; i++)
        {
            if (!quotas[i].Loaded)
            {
                await RefillAsync(new Refill(counters, quotas[i], scope.Quotas[i].Limit, 0), cancellationToken);
            }
        }
        lock (counters)
        {
            var now = time.GetUtcNow();
            var states = new CounterState[scope.Windows.Length + scope.Quotas.Length];
            for (var i = 0; i < scope.Windows.Length; i++)
            {
                counters.Windows[i].Advance(now.UtcTicks);
                states[i] = WindowState(counters.Windows[i], now);
            }
            for (var i = 0; i < scope.Quotas.Length; i++)
            {
                states[scope.Windows.Length + i] = QuotaState(scope.Quotas[i], counters.QuotaFor(i, scope.Quotas[i], scope.Id), now);
            }
            return states;
        }
    }

    public async Task ReleaseUnspentAsync(CancellationToken cancellationToken)
    {
        foreach (var counters in _scopes.Values)
        {
            List<(QuotaCounter Counter, long Unspent)> loaded;
            lock (counters)
            {
                loaded = [.. counters.Quotas.OfType<QuotaCounter>().Where(c => c.Loaded && c.Reserved > c.Used).Select(c => (c, c.Reserved - c.Used))];
            }
            foreach (var (counter, unspent) in loaded)
            {
                await reservations.ReleaseAsync(counter.Scope, counter.Metric, counter.PeriodId, unspent, cancellationToken);
                lock (counters)
                {
                    // Only what was handed back: anything spent since stays reserved.
                    counter.Reserved = Math.Max(counter.Used, counter.Reserved - unspent);
                }
            }
        }
    }

    private ScopeCounters CountersOf(in CounterScope scope) =>
        _scopes.GetOrAdd((scope.Id, scope.IsAccount), static _ => new ScopeCounters());

    private CounterTake TryTake(ScopeCounters keyCounters, in CounterScope key, ScopeCounters accountCounters, in CounterScope account,
        long requests, DateTimeOffset now, out Refill? refill)
    {
        refill = null;
        keyCounters.Align(key, _options.WindowBuckets);
        if (!account.IsEmpty)
        {
            accountCounters.Align(account, _options.WindowBuckets);
        }
        if (Refusal(keyCounters, key, requests, now, ref refill) is { } keyRefusal)
        {
            return keyRefusal;
        }
        if (refill is null && !account.IsEmpty && Refusal(accountCounters, account, requests, now, ref refill) is { } accountRefusal)
        {
            return accountRefusal;
        }
        if (refill is not null)
        {
            return default;
        }
        var tightest = Spend(keyCounters, key, requests, now, null);
        if (!account.IsEmpty)
        {
            tightest = Spend(accountCounters, account, requests, now, tightest);
        }
        return new CounterTake(true, tightest?.Counter, tightest?.State ?? default, TimeSpan.Zero);
    }

    /// <summary>The refusal if a counter of the scope is full; sets <paramref name="refill"/> when a quota must be loaded or refilled first.</summary>
    private static CounterTake? Refusal(ScopeCounters counters, in CounterScope scope, long requests, DateTimeOffset now, ref Refill? refill)
    {
        var ticks = now.UtcTicks;
        for (var i = 0; i < scope.Windows.Length; i++)
        {
            var window = counters.Windows[i];
            window.Advance(ticks);
            if (!window.Admits(requests))
            {
                return new CounterTake(false, new CounterRef(scope.IsAccount, false, i), WindowState(window, now), window.UntilAdmits(requests, ticks));
            }
        }
        for (var i = 0; i < scope.Quotas.Length; i++)
        {
            var spec = scope.Quotas[i];
            if (spec.Cost == 0)
            {
                continue;
            }
            var counter = counters.QuotaFor(i, spec, scope.Id);
            var ceiling = counter.Ceiling(spec.Limit);
            if (!counter.Loaded || (counter.Used + spec.Cost > counter.Reserved && counter.Used + spec.Cost <= ceiling))
            {
                refill = new Refill(counters, counter, spec.Limit, spec.Cost);
                return null;
            }
            if (counter.Used + spec.Cost > ceiling)
            {
                return new CounterTake(false, new CounterRef(scope.IsAccount, true, i), QuotaState(spec, counter, now), spec.EndsAt - now);
            }
        }
        return null;
    }

    private static Tightest? Spend(ScopeCounters counters, in CounterScope scope, long requests, DateTimeOffset now, Tightest? tightest)
    {
        for (var i = 0; i < scope.Windows.Length; i++)
        {
            counters.Windows[i].Add(requests);
            tightest = Tighter(tightest, new Tightest(new CounterRef(scope.IsAccount, false, i), WindowState(counters.Windows[i], now)));
        }
        for (var i = 0; i < scope.Quotas.Length; i++)
        {
            var spec = scope.Quotas[i];
            if (spec.Cost > 0)
            {
                var counter = counters.QuotaFor(i, spec, scope.Id);
                counter.Used += spec.Cost;
                tightest = Tighter(tightest, new Tightest(new CounterRef(scope.IsAccount, true, i), QuotaState(spec, counter, now)));
            }
        }
        return tightest;
    }

    /// <summary>Loads a counter from its durable reservation, or reserves the next block, outside the scopes' locks.</summary>
    private async Task RefillAsync(Refill refill, CancellationToken cancellationToken)
    {
        var (counters, counter, limit, cost) = refill;
        await counter.Gate.WaitAsync(cancellationToken);
        try
        {
            bool load;
            long amount;
            lock (counters)
            {
                load = !counter.Loaded;
                amount = load ? 0 : ReservationSize(counter, limit, cost);
            }
            if (load)
            {
                // After a crash, everything reserved before it counts as spent: under-spend, never over-spend.
                var reserved = await reservations.ReservedAsync(counter.Scope, counter.Metric, counter.PeriodId, cancellationToken);
                lock (counters)
                {
                    counter.Used = counter.Reserved = reserved;
                    counter.Loaded = true;
                }
            }
            else if (amount > 0)
            {
                // Refused when other nodes hold too much: what they hold is then known, so the next try asks for less
                // (at least what the request needs) or the request is refused.
                var grant = await reservations.ReserveAsync(counter.Scope, counter.Metric, counter.PeriodId, amount, limit, cancellationToken);
                lock (counters)
                {
                    if (grant.Granted)
                    {
                        counter.Reserved += amount;
                    }
                    counter.Outside = Math.Max(0, grant.Total - counter.Reserved);
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
        return Math.Min(counter.Ceiling(limit) - counter.Reserved, Math.Max(block, counter.Used + cost - counter.Reserved));
    }

    private static CounterState WindowState(SlidingWindow window, DateTimeOffset now) =>
        new(window.Remaining, Seconds(window.UntilNextRelease(now.UtcTicks)));

    private static CounterState QuotaState(in QuotaSpec spec, QuotaCounter counter, DateTimeOffset now) =>
        new(Math.Max(0, counter.Ceiling(spec.Limit) - counter.Used), Seconds(spec.EndsAt - now));

    /// <summary>The counter with the least left; on a tie (in the whole seconds the headers carry), the one that comes back later.</summary>
    private static Tightest Tighter(Tightest? current, Tightest candidate) =>
        current is not { } held || candidate.State.Remaining < held.State.Remaining
        || (candidate.State.Remaining == held.State.Remaining && candidate.State.ResetSeconds > held.State.ResetSeconds)
            ? candidate
            : held;

    private static int Seconds(TimeSpan span) => (int)Math.Ceiling(Math.Max(0, span.TotalSeconds));

    private readonly record struct Refill(ScopeCounters Counters, QuotaCounter Counter, long Limit, long Cost);

    private readonly record struct Tightest(CounterRef Counter, CounterState State);
}
