using System.Diagnostics.Metrics;
using Keygate.Coordination;
using Keygate.Hosting;

namespace Keygate.Limits;

/// <summary>
/// The limiter's decisions and the quota blocks reserved for them. A decision is <c>admitted</c> or <c>refused</c>, with the
/// counter that decided it (<c>scope</c>: <c>key</c> or <c>account</c>; <c>limit</c>: <c>rate</c> or <c>quota</c>): on a
/// refusal the one that refused, on an admission the one with least left (what the <c>RateLimit-*</c> headers report). Keys
/// without limits are not counted: nothing was decided. Each decision is one counter add with three static tags.
/// </summary>
internal sealed class LimitMetrics(IMeterFactory meters)
{
    private static readonly KeyValuePair<string, object?> Admitted = new("result", "admitted");
    private static readonly KeyValuePair<string, object?> Refused = new("result", "refused");
    private static readonly KeyValuePair<string, object?> KeyScope = new("scope", "key");
    private static readonly KeyValuePair<string, object?> AccountScope = new("scope", "account");
    private static readonly KeyValuePair<string, object?> Rate = new("limit", "rate");
    private static readonly KeyValuePair<string, object?> Quota = new("limit", "quota");
    private static readonly KeyValuePair<string, object?> Granted = new("result", "granted");

    private readonly Counter<long> _decisions = meters.Create(KeygateMeter.Name)
        .CreateCounter<long>("keygate.limit.decisions", "{decision}", "Limit decisions, admitted or refused, by the counter that decided");

    private readonly Counter<long> _reservations = meters.Create(KeygateMeter.Name)
        .CreateCounter<long>("keygate.quota.reservations", "{reservation}", "Quota blocks asked of the store, granted or refused (the quota is used up)");

    public void Decided(bool admitted, CounterRef counter) =>
        _decisions.Add(1, admitted ? Admitted : Refused, counter.OfAccount ? AccountScope : KeyScope, counter.IsQuota ? Quota : Rate);

    public void Reserved(bool granted) => _reservations.Add(1, granted ? Granted : Refused);
}
