using System.Diagnostics.Metrics;
using Keygate.Hosting;

namespace Keygate.Authentication;

/// <summary>
/// What the verified-key cache could not answer: each key loaded from the store (a miss), found or not, and how long the
/// load took. Recorded on the miss path only, beside its database statement; a hit records nothing, so the hit ratio is
/// one minus these loads over the key requests counted in <c>keygate.requests</c>.
/// </summary>
internal sealed class KeyLoadMetrics(IMeterFactory meters)
{
    private static readonly KeyValuePair<string, object?> Found = new("result", "found");
    private static readonly KeyValuePair<string, object?> Unknown = new("result", "unknown");

    private readonly Histogram<double> _loads = meters.Create(KeygateMeter.Name)
        .CreateHistogram<double>("keygate.key_cache.load.duration", "s", "Keys loaded from the store because the cache had none, and how long it took");

    public void Loaded(bool found, TimeSpan took) => _loads.Record(took.TotalSeconds, found ? Found : Unknown);
}
