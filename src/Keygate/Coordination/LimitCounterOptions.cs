namespace Keygate.Coordination;

/// <summary>How the in-process limit counters count, under <c>Limits:</c>.</summary>
internal sealed class LimitCounterOptions
{
    public const string Section = "Limits";

    /// <summary>Buckets per rate-limit window; at least <c>n / (n + 1)</c> of a limit is usable (95 % at 20).</summary>
    public int WindowBuckets { get; set; } = 20;

    /// <summary>Share of a quota reserved durably at a time; a crash can lose at most one block.</summary>
    public double ReservationShare { get; set; } = 0.01;

    /// <summary>Upper bound of one reservation block, whatever the quota's size.</summary>
    public long MaxReservation { get; set; } = 10_000;
}
