namespace Keygate.Coordination;

/// <summary>
/// What misuse detection remembers about each key: its hourly baselines (requests, distinct recipients), the
/// networks it was used from, recent wrong secrets and refusals, and the guessing lock. The detectors keep their
/// logic and run inside <see cref="Update{TArg, TResult}"/>, which is atomic per key, under the key's lock in this
/// node's memory; on Redis, what the nodes must agree on is shared between requests (the lock and wrong secrets by
/// announcement, baselines by <see cref="RedisBaselineSync"/>). Synchronous: the request path never waits for Redis here.
/// </summary>
internal interface IMisuseState
{
    /// <summary>How long wrong secrets for the key are still refused outright (zero when they are not).</summary>
    TimeSpan GuessingLock(string keyId);

    /// <summary>Runs <paramref name="update"/> on the key's activity with no other update of that key in between.</summary>
    TResult Update<TArg, TResult>(string keyId, TArg arg, Func<KeyActivity, TArg, TResult> update);
}
