using System.Collections.Concurrent;

namespace Keygate.Coordination;

/// <summary>One node's misuse memory: a key's activity is changed under the key's own lock.</summary>
internal sealed class InProcessMisuseState(TimeProvider time) : IMisuseState
{
    private readonly ConcurrentDictionary<string, KeyActivity> _keys = new(StringComparer.Ordinal);

    public TimeSpan GuessingLock(string keyId)
    {
        if (!_keys.TryGetValue(keyId, out var activity))
        {
            return TimeSpan.Zero;
        }
        lock (activity)
        {
            var left = activity.GuessingLockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public TResult Update<TArg, TResult>(string keyId, TArg arg, Func<KeyActivity, TArg, TResult> update)
    {
        var activity = _keys.GetOrAdd(keyId, static _ => new KeyActivity());
        lock (activity)
        {
            return update(activity, arg);
        }
    }
}
