namespace Keygate.Usage;

/// <summary>How many requests one key made in one minute to one endpoint group with one outcome.</summary>
internal sealed class UsageMinute
{
    public required string KeyId { get; init; }
    public required string AccountId { get; init; }
    /// <summary>Minutes since the Unix epoch, UTC: whole numbers make hour and day buckets plain arithmetic on every database.</summary>
    public long Minute { get; init; }
    public required string Group { get; init; }
    public required string Outcome { get; init; }
    public long Count { get; set; }
}
