namespace Keygate.WhatsApp.Templates;

/// <summary>
/// When Keygate last asked Meta for a WABA's templates and last stored Meta's listing, per account: kept in the store so
/// that "at most one reading per interval" holds for every node together and across a restart.
/// </summary>
internal sealed class TemplateReading
{
    public required string AccountId { get; init; }
    public required string WabaId { get; init; }
    /// <summary>When a node last claimed a reading; another claim waits out the minimum interval from it.</summary>
    public DateTime TriedAt { get; set; }
    /// <summary>When Meta's listing was last stored; null while no reading has succeeded.</summary>
    public DateTime? ReadAt { get; set; }
}
