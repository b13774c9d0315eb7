namespace Keygate.WhatsApp.Templates;

/// <summary>
/// What Keygate knows of a template of a real number's WABA, as Meta last told it (a listing, or a webhook since):
/// enough to judge a send (its category) and to show its state. Kept per account, since each account reads Meta
/// with its own token and trusts only the events its own numbers signed.
/// </summary>
internal sealed class MetaTemplate
{
    public required string AccountId { get; init; }
    public required string WabaId { get; init; }
    /// <summary>Meta's template id.</summary>
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Language { get; set; }
    /// <summary>Meta's status, as Meta spells it (<c>APPROVED</c>, <c>PAUSED</c>, <c>REJECTED</c>, …).</summary>
    public required string Status { get; set; }
    /// <summary><c>MARKETING</c>, <c>UTILITY</c> or <c>AUTHENTICATION</c>.</summary>
    public required string Category { get; set; }
    /// <summary>Meta's quality score (<c>GREEN</c>, <c>YELLOW</c>, <c>RED</c>, <c>UNKNOWN</c>), when Meta gave one.</summary>
    public string? Quality { get; set; }
    /// <summary>Why Meta last changed its status (a rejection or pause reason), from <c>message_template_status_update</c>.</summary>
    public string? Reason { get; set; }
    /// <summary>Meta's <c>components</c> array as Meta sent it.</summary>
    public required string Components { get; set; }
    public DateTime UpdatedAt { get; set; }
}
