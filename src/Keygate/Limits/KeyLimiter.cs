using System.Runtime.CompilerServices;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// Decides whether a request fits every rate-limit window and quota of its key and of its account, and if
/// so spends it from all of them at once; a refused request spends nothing. What a request costs, which limit
/// a refusal names and what the headers say is decided here; the counting is <see cref="ILimitCounters"/>'s,
/// which takes from every counter or from none in one step, so this class keeps nothing between requests.
/// </summary>
internal sealed class KeyLimiter(ILimitCounters counters, LimitMetrics metrics, TimeProvider time) : IKeyLimiter
{
    private const string AccountLabel = "account:";

    /// <summary>What a key's requests ask of the counters, made once per snapshot rather than per request.</summary>
    private static readonly ConditionalWeakTable<KeySnapshot, RequestPlan> Plans = new();

    public ValueTask<LimitDecision> TryAcquireAsync(KeySnapshot key, Charge charge, CancellationToken cancellationToken)
    {
        if (key.RateLimits.Length == 0 && key.Quotas.Length == 0 && key.AccountRateLimits.Length == 0 && key.AccountQuotas.Length == 0)
        {
            return ValueTask.FromResult(LimitDecision.Unlimited);
        }
        var now = time.GetUtcNow();
        var (keyScope, accountScope) = charge == Charge.OneRequest
            ? Plans.GetValue(key, static _ => new RequestPlan()).ScopesAt(key, now)
            : (KeyScope(key, charge, now), AccountScope(key, charge, now));
        var pending = counters.TryTakeAsync(keyScope, accountScope, charge.Requests, cancellationToken);
        // A warm take completes synchronously: no state machine on the common path.
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Decide(key, pending.Result)) : DecideAsync(key, pending);
    }

    /// <summary>Every limit of the key and its account, with what is left of it, for <c>/v1/whoami</c> and the allowances endpoint.</summary>
    public async Task<IReadOnlyList<Allowance>> DescribeAsync(KeySnapshot key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var allowances = new List<Allowance>();
        foreach (var scope in new[] { KeyScope(key, default, now), AccountScope(key, default, now) })
        {
            var states = await counters.ReadAsync(scope, cancellationToken);
            for (var i = 0; i < states.Length; i++)
            {
                var at = i < scope.Windows.Length ? new CounterRef(scope.IsAccount, false, i) : new CounterRef(scope.IsAccount, true, i - scope.Windows.Length);
                allowances.Add(AllowanceOf(key, at, states[i]));
            }
        }
        return allowances;
    }

    private async ValueTask<LimitDecision> DecideAsync(KeySnapshot key, ValueTask<CounterTake> pending) => Decide(key, await pending);

    private LimitDecision Decide(KeySnapshot key, CounterTake take)
    {
        if (take.Counter is not { } at)
        {
            return LimitDecision.Unlimited;
        }
        metrics.Decided(take.Taken, at);
        var allowance = AllowanceOf(key, at, take.State);
        return take.Taken
            ? new LimitDecision(true, null, TimeSpan.Zero, allowance)
            : new LimitDecision(false, at.IsQuota ? ProblemCodes.QuotaExceeded : ProblemCodes.RateLimited, take.RetryAfter, allowance);
    }

    private static CounterScope KeyScope(KeySnapshot key, Charge charge, DateTimeOffset now) =>
        new(key.Id, false, Windows(key.RateLimits), Quotas(key.Quotas, charge, now));

    private static CounterScope AccountScope(KeySnapshot key, Charge charge, DateTimeOffset now) =>
        new(key.AccountId, true, Windows(key.AccountRateLimits), Quotas(key.AccountQuotas, charge, now));

    private static WindowSpec[] Windows(WindowRule[] rules) =>
        rules.Length == 0 ? [] : Array.ConvertAll(rules, rule => new WindowSpec(rule.Name, rule.Limit, TimeSpan.FromSeconds(rule.PeriodSeconds)));

    private static QuotaSpec[] Quotas(QuotaLimit[] rules, Charge charge, DateTimeOffset now)
    {
        if (rules.Length == 0)
        {
            return [];
        }
        var specs = new QuotaSpec[rules.Length];
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            specs[i] = new QuotaSpec((int)rule.Metric, QuotaPeriods.IdOf(rule.Period, now), rule.Limit, charge.For(rule.Metric), QuotaPeriods.EndOf(rule.Period, now));
        }
        return specs;
    }

    /// <summary>
    /// A plain request's scopes, the same until the earliest of the key's quota periods ends (windows never change for a
    /// snapshot), so they are made once per period rather than per request. The counters only read them, so requests
    /// share them.
    /// </summary>
    private sealed class RequestPlan
    {
        private Scopes? _current;

        public (CounterScope Key, CounterScope Account) ScopesAt(KeySnapshot key, DateTimeOffset now)
        {
            var current = _current;
            if (current is null || now >= current.Until || now < current.From)
            {
                _current = current = new Scopes(KeyScope(key, Charge.OneRequest, now), AccountScope(key, Charge.OneRequest, now), now);
            }
            return (current.Key, current.Account);
        }

        private sealed record Scopes(CounterScope Key, CounterScope Account, DateTimeOffset From)
        {
            public DateTimeOffset Until { get; } = Key.Quotas.Concat(Account.Quotas).Select(spec => spec.EndsAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        }
    }

    private static Allowance AllowanceOf(KeySnapshot key, CounterRef at, CounterState state)
    {
        var label = at.OfAccount ? AccountLabel : "";
        if (at.IsQuota)
        {
            var quota = (at.OfAccount ? key.AccountQuotas : key.Quotas)[at.Index];
            return new Allowance("quota", label + quota.Name, quota.Limit, state.Remaining, state.ResetSeconds);
        }
        var window = (at.OfAccount ? key.AccountRateLimits : key.RateLimits)[at.Index];
        return new Allowance("rate", label + window.Name, window.Limit, state.Remaining, state.ResetSeconds);
    }
}
