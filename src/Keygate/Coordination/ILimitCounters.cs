namespace Keygate.Coordination;

/// <summary>
/// The counters behind rate limits and quotas: sliding windows, and each quota's spend in its period. One call
/// takes a request's costs from every counter of its key and of its account, or from none, so a refused request
/// spends nothing and concurrent requests are never admitted past a limit. The decision (what a request costs,
/// which limit it names, the headers) stays with the limiter; this seam only counts. A shared implementation makes
/// <see cref="TryTakeAsync"/> one atomic step on the server (one script over every counter), not a read and a write.
/// </summary>
internal interface ILimitCounters
{
    /// <summary>
    /// Takes <paramref name="requests"/> from every window and each quota's cost from its quota, if every one of them
    /// admits it, else takes nothing. Counters are checked in order: the key's windows, the key's quotas, then the
    /// account's; the first that refuses is the one reported. When all admit, the one with the least left is reported.
    /// </summary>
    ValueTask<CounterTake> TryTakeAsync(CounterScope key, CounterScope account, long requests, CancellationToken cancellationToken);

    /// <summary>What is left of every counter of a scope, windows first, without taking anything.</summary>
    ValueTask<CounterState[]> ReadAsync(CounterScope scope, CancellationToken cancellationToken);

    /// <summary>On a graceful stop, gives back whatever this node holds but has not spent.</summary>
    Task ReleaseUnspentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The counters of a key (<paramref name="IsAccount"/> false) or of an account, which all its keys share. A scope
/// with no windows and no quotas has no counters.
/// </summary>
internal readonly record struct CounterScope(string Id, bool IsAccount, WindowSpec[] Windows, QuotaSpec[] Quotas)
{
    public bool IsEmpty => Windows.Length == 0 && Quotas.Length == 0;
}

/// <summary>A sliding window of at most <paramref name="Limit"/> per <paramref name="Period"/>; one whose name, limit or period changes starts empty.</summary>
internal readonly record struct WindowSpec(string Name, long Limit, TimeSpan Period);

/// <summary>
/// One period of a quota: at most <paramref name="Limit"/> of <paramref name="Metric"/> within period
/// <paramref name="PeriodId"/>, which ends at <paramref name="EndsAt"/>; a request spends <paramref name="Cost"/> of it
/// (a quota a request costs nothing is neither checked nor spent). A changed limit keeps what was spent.
/// </summary>
internal readonly record struct QuotaSpec(int Metric, int PeriodId, long Limit, long Cost, DateTimeOffset EndsAt);

/// <summary>What is left of one counter, and in how many whole seconds some (a window) or all (a quota) of it comes back.</summary>
internal readonly record struct CounterState(long Remaining, int ResetSeconds);

/// <summary>Which counter of a request: a window or a quota, by its index in its scope's list.</summary>
internal readonly record struct CounterRef(bool OfAccount, bool IsQuota, int Index);

/// <summary>
/// The answer of <see cref="ILimitCounters.TryTakeAsync"/>: whether it was taken; the counter that refused it, or
/// the tightest once taken (null when nothing was counted), with its state; and, on a refusal, how long until it
/// would be admitted.
/// </summary>
internal readonly record struct CounterTake(bool Taken, CounterRef? Counter, CounterState State, TimeSpan RetryAfter);
