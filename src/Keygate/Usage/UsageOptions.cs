using System.ComponentModel.DataAnnotations;

namespace Keygate.Usage;

internal sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>How often counts are written; <c>lastUsedAt</c> is never staler than this.</summary>
    [Range(1, 3600)]
    public int FlushSeconds { get; set; } = 10;

    /// <summary>
    /// Most counts (one per key, minute, endpoint group and outcome, about 200 bytes each) held while the store cannot
    /// be written. Beyond it the newest are dropped and counted (<c>keygate.usage.dropped</c>); a count already held
    /// still grows, so a key's usage within a held minute is never dropped.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxPendingCounts { get; set; } = 100_000;

    /// <summary>Longest wait between attempts while writing keeps failing: the wait doubles from <see cref="FlushSeconds"/> up to this.</summary>
    [Range(1, 3600)]
    public int MaxRetrySeconds { get; set; } = 60;
}
