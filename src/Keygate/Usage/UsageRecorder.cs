using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Keygate.Keys;

namespace Keygate.Usage;

/// <summary>
/// Counts requests in memory, per key, minute, endpoint group and outcome, out of the request path's way:
/// recording is one dictionary lookup and an interlocked add. <see cref="UsageWriter"/> drains the counts
/// in batches. Draining swaps each count to zero rather than swapping the map, so an increment racing
/// with a drain is never lost; cells of past minutes are retired and drained once more before they go.
/// </summary>
internal sealed class UsageRecorder(TimeProvider time) : IKeyRequestObserver
{
    private readonly ConcurrentDictionary<UsageCell, StrongBox<long>> _cells = new();
    private List<(UsageCell Cell, StrongBox<long> Box)> _retired = [];
    private ConcurrentDictionary<string, LastUse> _lastUse = new(StringComparer.Ordinal);

    /// <summary>
    /// How many counts wait to be drained: cells with requests not yet taken (a drained cell of the current minute stays,
    /// at zero, for the next request). It walks the map, so it is read only when scraped.
    /// </summary>
    public int PendingCounts => _cells.Count(cell => Volatile.Read(ref cell.Value.Value) != 0) + _retired.Count(cell => Volatile.Read(ref cell.Box.Value) != 0);

    public void Observe(in KeyRequest request)
    {
        if (request.Send?.AcceptedType is { } type)
        {
            RecordMessage(request.Key, type, request.At);
        }
        Record(request.Key.Id, request.Key.AccountId, request.Group, request.Outcome, request.Address, request.At);
    }

    public void ObserveAccepted(in AcceptedMessage message) => RecordMessage(message.Key, message.Type, message.At);

    /// <summary>A message a key sent, counted by type (<c>message:text</c>, <c>message:template</c>…).</summary>
    private void RecordMessage(KeySnapshot key, string type, DateTimeOffset at) =>
        Count(key.Id, key.AccountId, MessageGroups.GetOrAdd(type, static t => "message:" + t), Outcomes.Ok, at);

    /// <summary>
    /// A message a key sent, counted once by the pricing category its statuses reported (<c>category:marketing</c>…);
    /// the caller makes sure each message is counted once.
    /// </summary>
    public void RecordCategory(string keyId, string accountId, string category, DateTimeOffset at) =>
        Count(keyId, accountId, MessageGroups.GetOrAdd(CategoryPrefix + category, static g => g), Outcomes.Ok, at);

    public const string CategoryPrefix = "category:";

    /// <summary>The group names of the few message types and categories, made once rather than per send.</summary>
    private static readonly ConcurrentDictionary<string, string> MessageGroups = new(StringComparer.Ordinal);

    public void Record(string keyId, string accountId, string group, string outcome, IPAddress? address, DateTimeOffset now)
    {
        Count(keyId, accountId, group, outcome, now);
        if (outcome is not Outcomes.Unauthenticated)
        {
            // Replacing an entry allocates a node: within a second, from the same address, the entry already says it.
            var at = now.UtcDateTime;
            if (!_lastUse.TryGetValue(keyId, out var last) || at - last.At >= TimeSpan.FromSeconds(1) || !Equals(last.Address, address))
            {
                _lastUse[keyId] = new LastUse(at, address);
            }
        }
    }

    private void Count(string keyId, string accountId, string group, string outcome, DateTimeOffset now)
    {
        var cell = new UsageCell(keyId, accountId, now.ToUnixTimeSeconds() / 60, group, outcome);
        var box = _cells.GetOrAdd(cell, static _ => new StrongBox<long>());
        Interlocked.Increment(ref box.Value);
    }

    /// <summary>Takes everything counted since the last drain. Called by one writer at a time.</summary>
    public UsageBatch Drain()
    {
        var counts = new Dictionary<UsageCell, long>();
        foreach (var (cell, box) in _retired)
        {
            Take(counts, cell, box);
        }
        var currentMinute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var retiring = new List<(UsageCell, StrongBox<long>)>();
        foreach (var (cell, box) in _cells)
        {
            Take(counts, cell, box);
            if (cell.Minute < currentMinute - 1 && _cells.TryRemove(cell, out _))
            {
                retiring.Add((cell, box));
            }
        }
        _retired = retiring;
        var lastUse = Interlocked.Exchange(ref _lastUse, new(StringComparer.Ordinal));
        return new UsageBatch(counts, lastUse);
    }

    private static void Take(Dictionary<UsageCell, long> counts, UsageCell cell, StrongBox<long> box)
    {
        var value = Interlocked.Exchange(ref box.Value, 0);
        if (value != 0)
        {
            counts[cell] = counts.GetValueOrDefault(cell) + value;
        }
    }
}

internal readonly record struct UsageCell(string KeyId, string AccountId, long Minute, string Group, string Outcome);

/// <summary>The address is kept as parsed and printed only when written, off the request path.</summary>
internal readonly record struct LastUse(DateTime At, IPAddress? Address);

internal sealed record UsageBatch(IReadOnlyDictionary<UsageCell, long> Counts, IReadOnlyDictionary<string, LastUse> LastUse)
{
    public bool IsEmpty => Counts.Count == 0 && LastUse.Count == 0;
}
