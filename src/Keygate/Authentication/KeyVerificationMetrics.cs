using System.Diagnostics;
using System.Diagnostics.Metrics;
using Keygate.Hosting;

namespace Keygate.Authentication;

/// <summary>
/// How long verifying a credential took, whether the verified-key cache answered it (<c>cache</c>: <c>hit</c>, or
/// <c>miss</c> when the key was read from the store) and whether the key was admitted (<c>result</c>: <c>valid</c> or
/// <c>refused</c>); the hit ratio is the share of <c>hit</c> among them. A miss also records the store's load alone, found or
/// not. Tags come from static pairs and times from <see cref="Stopwatch"/> (a duration is measured, not decided, so the
/// host's clock, which tests stop, is not asked): recording allocates nothing on the request path.
/// </summary>
internal sealed class KeyVerificationMetrics(IMeterFactory meters)
{
    private static readonly KeyValuePair<string, object?> Found = new("result", "found");
    private static readonly KeyValuePair<string, object?> Unknown = new("result", "unknown");
    private static readonly KeyValuePair<string, object?> Hit = new("cache", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("cache", "miss");
    private static readonly KeyValuePair<string, object?> Valid = new("result", "valid");
    private static readonly KeyValuePair<string, object?> Refused = new("result", "refused");

    private readonly Histogram<double> _loads = meters.CreateDuration("keygate.key_cache.load.duration",
        "Keys loaded from the store because the cache had none, and how long it took");

    private readonly Histogram<double> _verifications = meters.CreateDuration("keygate.key_verification.duration",
        "Credentials verified, by whether the key cache answered and whether the key was admitted, and how long it took");

    public void Loaded(bool found, TimeSpan took) => _loads.Record(took.TotalSeconds, found ? Found : Unknown);

    /// <summary>Records a verification that began at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Verified(long started, bool cached, in Verification verification) =>
        _verifications.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, cached ? Hit : Miss, verification.Succeeded ? Valid : Refused);
}
