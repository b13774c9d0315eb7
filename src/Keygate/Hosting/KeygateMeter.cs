using System.Diagnostics.Metrics;

namespace Keygate.Hosting;

/// <summary>
/// The name of the meter every Keygate instrument is made on (through <see cref="IMeterFactory"/>),
/// so the one subscription in Observability/ sees them all. Instruments carry no key id, secret, address or phone
/// number in their tags: only small fixed sets such as an endpoint group or an outcome.
/// </summary>
internal static class KeygateMeter
{
    public const string Name = "Keygate";

    /// <summary>
    /// Buckets for Keygate's durations, in seconds: from a cached key's verification (microseconds) to a slow call to Meta
    /// (seconds). OpenTelemetry's default buckets start at 5 s when the unit is seconds, which would put every verification
    /// in the first one.
    /// </summary>
    public static readonly InstrumentAdvice<double> Durations = new()
    {
        HistogramBucketBoundaries = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>A duration histogram on Keygate's meter, in seconds, with <see cref="Durations"/> as its buckets.</summary>
    public static Histogram<double> CreateDuration(this IMeterFactory meters, string name, string description) =>
        meters.Create(Name).CreateHistogram(name, "s", description, tags: null, advice: Durations);
}
