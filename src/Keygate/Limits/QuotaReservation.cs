using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>
/// How much of one quota period has been handed out to the request path, durably. Keygate reserves
/// blocks here before spending them in memory, so a crash can only lose unspent allowance (under-spend),
/// never forget allowance it spent (over-spend).
/// </summary>
internal sealed class QuotaReservation
{
    /// <summary>The key id (or, for account quotas, the account id).</summary>
    public required string Scope { get; init; }
    public QuotaMetric Metric { get; init; }
    /// <summary>20261126 for a day, 202611 for a month (<see cref="QuotaPeriods.IdOf"/>).</summary>
    public int Period { get; init; }
    public long Reserved { get; set; }
}
