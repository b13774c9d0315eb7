using System.Collections.Concurrent;
using Keygate.Coordination;
using Keygate.Keys;
using Microsoft.Extensions.Options;

namespace Keygate.Authentication;

internal sealed class KeyCacheOptions
{
    public const string Section = "Authentication:KeyCache";

    /// <summary>How many keys one node keeps; past it, each key loaded takes the place of the one loaded longest ago.</summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>How long a loaded key is trusted without being read again. Changes on this node invalidate at once.</summary>
    public int TimeToLiveSeconds { get; set; } = 60;

    /// <summary>
    /// How long a key id that does not exist is remembered as such, so that a flood of well-formed but
    /// made-up credentials (the checksum is public) does not become a flood of database queries.
    /// </summary>
    public int UnknownTimeToLiveSeconds { get; set; } = 60;
}

/// <summary>
/// A bounded map of key id → <see cref="KeySnapshot"/>. A hit costs no database query and no allocation.
/// A key that changes is removed at once (the cache listens to <see cref="IChangeNotifier"/>); a generation
/// counter keeps a load that raced with that change from putting the old copy back.
/// Eviction is first in, first out over a ring of <see cref="KeyCacheOptions.Capacity"/> slots, one per load: O(1) on the
/// load that overflows, where sorting every entry stalled that request for 13 ms at 10,000 keys and 150 ms at 100,000.
/// </summary>
internal sealed class VerifiedKeyCache
{
    private readonly ConcurrentDictionary<string, KeySnapshot> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknown = new(StringComparer.Ordinal);
    private readonly KeyCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly int _capacity;
    // Every cached snapshot sits in the slot it was added to, so the dictionary never holds more than the ring has slots.
    private readonly Lock _admission = new();
    private readonly List<KeySnapshot> _ring;
    private int _oldest;
    private long _generation;

    public VerifiedKeyCache(IOptions<KeyCacheOptions> options, TimeProvider time, IChangeNotifier changes)
    {
        _options = options.Value;
        _capacity = Math.Max(1, _options.Capacity);
        _ring = new List<KeySnapshot>(Math.Min(_capacity, 1024));
        _time = time;
        changes.Subscribe(KeyChangeNotices.Key, Invalidate);
        changes.Subscribe(KeyChangeNotices.Account, InvalidateAccount);
    }

    public int Count => _keys.Count;

    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(string keyId, out KeySnapshot snapshot)
    {
        if (_keys.TryGetValue(keyId, out snapshot!)
            && _time.GetElapsedTime(snapshot.LoadedAtTimestamp).TotalSeconds < _options.TimeToLiveSeconds)
        {
            return true;
        }
        snapshot = null!;
        return false;
    }

    /// <summary>Stores a snapshot loaded when <see cref="Generation"/> was <paramref name="loadedAtGeneration"/>, unless a change came since.</summary>
    public void Add(KeySnapshot snapshot, long loadedAtGeneration)
    {
        lock (_admission)
        {
            if (_ring.Count < _capacity)
            {
                _ring.Add(snapshot);
            }
            else
            {
                // The slot's snapshot goes only if it is still the cached copy: one invalidated or loaded again since is gone already.
                var evicted = _ring[_oldest];
                _keys.TryRemove(KeyValuePair.Create(evicted.Id, evicted));
                _ring[_oldest] = snapshot;
                _oldest = (_oldest + 1) % _capacity;
            }
            _keys[snapshot.Id] = snapshot;
        }
        if (Generation != loadedAtGeneration)
        {
            // Something changed while this copy was read; it may be that key. Drop it rather than risk serving it.
            _keys.TryRemove(KeyValuePair.Create(snapshot.Id, snapshot));
        }
    }

    public void Invalidate(string keyId)
    {
        Interlocked.Increment(ref _generation);
        _keys.TryRemove(keyId, out _);
        _unknown.TryRemove(keyId, out _);
    }

    /// <summary>An account's shared limits changed: every cached key of the account goes.</summary>
    public void InvalidateAccount(string accountId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (id, snapshot) in _keys)
        {
            if (snapshot.AccountId == accountId)
            {
                _keys.TryRemove(id, out _);
            }
        }
    }

    /// <summary>True when this id was looked up recently and did not exist.</summary>
    public bool IsKnownUnknown(string keyId) =>
        _unknown.TryGetValue(keyId, out var at) && _time.GetElapsedTime(at).TotalSeconds < _options.UnknownTimeToLiveSeconds;

    /// <summary>
    /// Remembers a miss. Ids are 131 random bits chosen by Keygate, so an id looked up before it exists
    /// will not be created later; creation invalidates it all the same.
    /// </summary>
    public void AddUnknown(string keyId, long loadedAtGeneration)
    {
        if (_unknown.Count >= _options.Capacity)
        {
            _unknown.Clear();
        }
        _unknown[keyId] = _time.GetTimestamp();
        if (Generation != loadedAtGeneration)
        {
            _unknown.TryRemove(keyId, out _);
        }
    }
}
