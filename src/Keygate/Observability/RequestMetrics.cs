using System.Diagnostics.Metrics;
using Keygate.Authentication;
using Keygate.Hosting;
using Keygate.Usage;

namespace Keygate.Observability;

/// <summary>
/// Key requests by endpoint group and outcome (which also counts the limiter's refusals: <c>rate_limited</c>,
/// <c>quota_exceeded</c>), as one more observer of the observation each key request already gets: one counter add with
/// two tags from fixed sets, nothing allocated. The gauges (usage counts waiting to be written, cached keys) are read
/// only when scraped.
/// </summary>
internal sealed class RequestMetrics : IKeyRequestObserver
{
    private readonly Counter<long> _requests;

    public RequestMetrics(IMeterFactory meters, UsageWriter usage, VerifiedKeyCache keys)
    {
        var meter = meters.Create(KeygateMeter.Name);
        _requests = meter.CreateCounter<long>("keygate.requests", "{request}", "Requests that named a key, by endpoint group and outcome");
        meter.CreateObservableGauge("keygate.usage.pending", () => usage.PendingCounts, "{count}",
            "Per-minute usage counts held in memory until the usage writer stores them, those held through a failed write included");
        meter.CreateObservableGauge("keygate.key_cache.entries", () => keys.Count, "{key}", "Verified keys held in the cache");
    }

    public void Observe(in KeyRequest request) =>
        _requests.Add(1, new KeyValuePair<string, object?>("group", request.Group), new KeyValuePair<string, object?>("outcome", request.Outcome));
}
