using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Every node's limit counters in one Redis, each take one atomic script over all of a request's counters
/// (<see cref="RedisLimitScripts"/>), so a limit of N admits exactly N whichever nodes the requests reach. Quotas still
/// spend only what was reserved durably through <see cref="IQuotaReservations"/>; the reservation is shared by the nodes,
/// and only loading or growing it leaves Redis. Redis unreachable throws, and the limiter's caller fails closed (503).
/// One Redis, not a cluster: a request's key and account counters are in one script, which a cluster would need in one slot.
/// </summary>
internal sealed class RedisLimitCounters(RedisConnection redis, RedisTakeBatch takes, IQuotaReservations reservations, TimeProvider time,
    IOptions<LimitCounterOptions> options) : ILimitCounters
{
    private static readonly long DayMilliseconds = (long)TimeSpan.FromDays(1).TotalMilliseconds;
    private readonly LimitCounterOptions _options = options.Value;

    // A quota's refill in flight on this node, which concurrent requests for it join: each would otherwise reserve its
    // own block from the database, all of it lost as spent if Redis then comes back empty.
    private readonly ConcurrentDictionary<RedisKey, Lazy<Task>> _refills = new();

    public async ValueTask<CounterTake> TryTakeAsync(CounterScope key, CounterScope account, long requests, CancellationToken cancellationToken)
    {
        var counters = Counters(key, account.IsEmpty ? null : account);
        if (counters.Keys.Length == 0)
        {
            return new CounterTake(true, null, default, TimeSpan.Zero);
        }
        while (true)
        {
            var result = await takes.TakeAsync(counters.Keys, Arguments(counters, counters.Specs.Length, requests));
            var status = (int)result[0];
            if (status == 2)
            {
                await RefillAsync(counters.Specs[(int)result[1] - 1], cancellationToken);
                continue;
            }
            var counter = (int)result[1];
            if (counter == 0)
            {
                return new CounterTake(true, null, default, TimeSpan.Zero);
            }
            var state = new CounterState((long)result[2], Seconds((long)result[3]));
            var retry = status == 1 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((long)result[4]);
            return new CounterTake(status == 1, counters.Specs[counter - 1].Ref, state, retry);
        }
    }

    public async ValueTask<CounterState[]> ReadAsync(CounterScope scope, CancellationToken cancellationToken)
    {
        var counters = Counters(scope, null);
        if (counters.Keys.Length == 0)
        {
            return [];
        }
        while (true)
        {
            var now = time.GetUtcNow();
            var result = (RedisResult[])(await RedisLimitScripts.Read.EvaluateAsync(redis.Database, counters.Keys,
                Arguments(counters, now.ToUnixTimeMilliseconds(), 0)))!;
            if ((long)result[0] == -1)
            {
                await RefillAsync(counters.Specs[(int)result[1] - 1], cancellationToken);
                continue;
            }
            var states = new CounterState[counters.Keys.Length];
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = new CounterState((long)result[2 * i], Seconds((long)result[2 * i + 1]));
            }
            return states;
        }
    }

    /// <summary>
    /// Nothing to give back: the reservation is shared by every node and the others go on spending it. What was reserved
    /// but unspent when Redis itself is lost counts as spent (under-spend, never over-spend).
    /// </summary>
    public Task ReleaseUnspentAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Joins the quota's refill in flight on this node, or starts one; a caller that gives up leaves it running for the others.</summary>
    private async Task RefillAsync(Counter counter, CancellationToken cancellationToken)
    {
        var refill = _refills.GetOrAdd(counter.Key, _ => new Lazy<Task>(() => RefillOnceAsync(counter, CancellationToken.None)));
        try
        {
            await refill.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            _refills.TryRemove(KeyValuePair.Create(counter.Key, refill));
        }
    }

    /// <summary>Loads a quota missing from Redis from the database, or reserves its next block there.</summary>
    private async Task RefillOnceAsync(Counter counter, CancellationToken cancellationToken)
    {
        var spec = counter.Quota;
        var ends = spec.EndsAt.ToUnixTimeMilliseconds();
        var held = await redis.Database.HashGetAsync(counter.Key, ["used", "reserved"]);
        if (held[0].IsNull)
        {
            // After Redis is lost, everything reserved before counts as spent: under-spend, never over-spend.
            var reserved = await reservations.ReservedAsync(counter.Scope, spec.Metric, spec.PeriodId, cancellationToken);
            await RedisLimitScripts.Load.EvaluateAsync(redis.Database, [counter.Key], [reserved, ends + DayMilliseconds]);
            return;
        }
        var amount = ReservationSize((long)held[0], (long)held[1], spec.Limit, spec.Cost);
        if (amount > 0)
        {
            var grant = await reservations.ReserveAsync(counter.Scope, spec.Metric, spec.PeriodId, amount, spec.Limit, cancellationToken);
            // Granted or not, Redis learns the period's total as the store has it: what every node reserved.
            await RedisLimitScripts.Raise.EvaluateAsync(redis.Database, [counter.Key], [grant.Total]);
        }
    }

    /// <summary>The next block to reserve: a share of the limit, at least what the request needs, never past the limit.</summary>
    private long ReservationSize(long used, long reserved, long limit, long cost)
    {
        if (used + cost <= reserved)
        {
            return 0; // another request, maybe on another node, refilled it meanwhile
        }
        var block = Math.Clamp((long)Math.Ceiling(limit * _options.ReservationShare), 1, _options.MaxReservation);
        return Math.Max(0, Math.Min(limit - reserved, Math.Max(block, used + cost - reserved)));
    }

    private Request Counters(in CounterScope key, CounterScope? account)
    {
        var specs = new List<Counter>();
        Add(specs, key);
        if (account is { } shared)
        {
            Add(specs, shared);
        }
        return new Request([.. specs.Select(counter => counter.Key)], [.. specs]);
    }

    /// <summary>A window's name holds its rule, so one whose name, limit or period changes starts empty; a quota's holds its period only.</summary>
    private void Add(List<Counter> specs, in CounterScope scope)
    {
        var owner = (scope.IsAccount ? "account:" : "key:") + scope.Id;
        for (var i = 0; i < scope.Windows.Length; i++)
        {
            var window = scope.Windows[i];
            var name = string.Join(':', "window", owner, window.Name, window.Limit.ToString(CultureInfo.InvariantCulture),
                window.Period.Ticks.ToString(CultureInfo.InvariantCulture));
            specs.Add(new Counter(redis.Key(name), new CounterRef(scope.IsAccount, false, i), scope.Id, window, default));
        }
        for (var i = 0; i < scope.Quotas.Length; i++)
        {
            var quota = scope.Quotas[i];
            var name = string.Join(':', "quota", owner, quota.Metric.ToString(CultureInfo.InvariantCulture), quota.PeriodId.ToString(CultureInfo.InvariantCulture));
            specs.Add(new Counter(redis.Key(name), new CounterRef(scope.IsAccount, true, i), scope.Id, default, quota));
        }
    }

    /// <summary>ARGV for the scripts: two leading numbers (the time to read at, or a take's number of counters), then the counters.</summary>
    private RedisValue[] Arguments(Request request, long first, long requests)
    {
        var arguments = new RedisValue[2 + 4 * request.Specs.Length];
        arguments[0] = first;
        arguments[1] = requests;
        for (var i = 0; i < request.Specs.Length; i++)
        {
            var counter = request.Specs[i];
            var at = 2 + 4 * i;
            if (counter.Ref.IsQuota)
            {
                (arguments[at], arguments[at + 1], arguments[at + 2], arguments[at + 3]) =
                    ("q", counter.Quota.Limit, counter.Quota.Cost, counter.Quota.EndsAt.ToUnixTimeMilliseconds());
            }
            else
            {
                var period = Math.Max(1, (long)counter.Window.Period.TotalMilliseconds);
                (arguments[at], arguments[at + 1], arguments[at + 2], arguments[at + 3]) =
                    ("w", counter.Window.Limit, period, Math.Max(1, period / Math.Max(1, _options.WindowBuckets)));
            }
        }
        return arguments;
    }

    private static int Seconds(long milliseconds) => (int)Math.Ceiling(Math.Max(0, milliseconds) / 1000.0);

    private sealed record Request(RedisKey[] Keys, Counter[] Specs);

    private sealed record Counter(RedisKey Key, CounterRef Ref, string Scope, WindowSpec Window, QuotaSpec Quota);
}
