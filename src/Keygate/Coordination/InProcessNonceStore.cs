using System.Collections.Concurrent;

namespace Keygate.Coordination;

/// <summary>One node's nonce memory. Expired entries are swept as new ones arrive, so it stays bounded by the traffic of one skew window.</summary>
internal sealed class InProcessNonceStore(TimeProvider time) : INonceStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep;

    public ValueTask<bool> TryUseAsync(string keyId, string nonce, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        SweepIfDue(now, lifetime);
        var entry = string.Concat(keyId, ":", nonce);
        if (_seen.TryAdd(entry, now + lifetime))
        {
            return ValueTask.FromResult(true);
        }
        // A nonce older than its lifetime may be used again: its timestamp could no longer pass the skew check anyway.
        var accepted = _seen.TryGetValue(entry, out var expires) && expires <= now && _seen.TryUpdate(entry, now + lifetime, expires);
        return ValueTask.FromResult(accepted);
    }

    private void SweepIfDue(DateTimeOffset now, TimeSpan lifetime)
    {
        if (now < _nextSweep)
        {
            return;
        }
        _nextSweep = now + lifetime;
        foreach (var (entry, expires) in _seen)
        {
            if (expires <= now)
            {
                _seen.TryRemove(entry, out _);
            }
        }
    }
}
