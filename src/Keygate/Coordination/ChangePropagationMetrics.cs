using System.Diagnostics.Metrics;
using Keygate.Hosting;

namespace Keygate.Coordination;

/// <summary>
/// How long a change made on another node took to reach this one (a revoked key refused here, a phone number read again):
/// from when that node made it, by its clock, to when this node first heard of it, and how (<c>path</c>: <c>pubsub</c>,
/// or <c>version_check</c> when the announcement was lost or late). Each change is counted once per node that hears it,
/// by the first path to bring it, and never by the node that made it. Across machines the figure is only as good as
/// their clocks' agreement (NTP).
/// </summary>
internal sealed class ChangePropagationMetrics(IMeterFactory meters)
{
    // Announcements heard that the version check has not read yet; without this, each change would count twice.
    private const int MaxPending = 10_000;

    private static readonly KeyValuePair<string, object?> PubSub = new("path", "pubsub");
    private static readonly KeyValuePair<string, object?> VersionCheck = new("path", "version_check");

    private readonly Histogram<double> _delays = meters.CreateDuration("keygate.change.propagation.delay",
        "Changes made on another node, and how long they took to reach this one");

    private readonly Lock _lock = new();
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private (long Milliseconds, long Sequence) _read;

    /// <summary>Heard through pub/sub: the change log entry <paramref name="entry"/>, made at <paramref name="madeAt"/> (Unix milliseconds).</summary>
    public void Announced(string entry, long madeAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            // The version check read it first (the announcement was late): counted then.
            if (!(Order(entry) is { } order && order.CompareTo(_read) > 0) || !_announced.Add(entry))
            {
                return;
            }
            if (_announced.Count > MaxPending)
            {
                _announced.Clear();
            }
        }
        Record(madeAt, now, PubSub);
    }

    /// <summary>Read from the change log; <paramref name="madeAt"/> is null for this node's own changes, which are not counted.</summary>
    public void Read(string entry, long? madeAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (Order(entry) is { } order)
            {
                _read = order;
            }
            if (_announced.Remove(entry) || madeAt is null)
            {
                return;
            }
        }
        Record(madeAt.Value, now, VersionCheck);
    }

    private void Record(long madeAt, DateTimeOffset now, KeyValuePair<string, object?> path) =>
        _delays.Record(Math.Max(0, now.ToUnixTimeMilliseconds() - madeAt) / 1000.0, path);

    /// <summary>A Redis stream entry id, <c>milliseconds-sequence</c>, as a pair that sorts as the entries do.</summary>
    private static (long, long)? Order(string entry)
    {
        var dash = entry.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(entry.AsSpan(0, dash), out var milliseconds) && long.TryParse(entry.AsSpan(dash + 1), out var sequence)
            ? (milliseconds, sequence)
            : null;
    }
}
