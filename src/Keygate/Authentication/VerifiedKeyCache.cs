using System.Collections.Concurrent;
using Keygate.Coordination;
using Keygate.Keys;
using Microsoft.Extensions.Options;

namespace Keygate.Authentication;

internal sealed class KeyCacheOptions
{
    public const string Section = "Authentication:KeyCache";

    /// <summary>How many keys one node keeps; past it, the cache is thinned before a new key goes in.</summary>
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
/// </summary>
internal sealed class VerifiedKeyCache
{
    private readonly ConcurrentDictionary<string, KeySnapshot> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknown = new(StringComparer.Ordinal);
    private readonly KeyCacheOptions _options;
    private readonly TimeProvider _time;
    private long _generation;

    public VerifiedKeyCache(IOptions<KeyCacheOptions> options, TimeProvider time, IChangeNotifier changes)
    {
        _options = options.Value;
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
        if (_keys.Count >= _options.Capacity)
        {
            Thin();
        }
        _keys[snapshot.Id] = snapshot;
        if (Generation != loadedAtGeneration)
        {
            // Something changed while this copy was read; it may be that key. Drop it rather than risk serving it.
            _keys.TryRemove(snapshot.Id, out _);
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

    /// <summary>Drops about a quarter of the entries, oldest loads first; cheap enough for the rare overflow.</summary>
    private void Thin()
    {
        foreach (var entry in _keys.OrderBy(pair => pair.Value.LoadedAtTimestamp).Take(Math.Max(1, _options.Capacity / 4)))
        {
            _keys.TryRemove(entry.Key, out _);
        }
    }
}
