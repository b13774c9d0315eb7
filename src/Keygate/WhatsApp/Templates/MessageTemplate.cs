namespace Keygate.WhatsApp.Templates;

/// <summary>A message template of a WhatsApp Business Account, in Meta's shape (components as Meta's JSON).</summary>
internal sealed class MessageTemplate
{
    /// <summary>Digits, like Meta's template ids.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string WabaId { get; init; }
    public required string Name { get; init; }
    /// <summary>A language code such as <c>en_US</c>.</summary>
    public required string Language { get; init; }
    /// <summary><c>MARKETING</c>, <c>UTILITY</c> or <c>AUTHENTICATION</c>.</summary>
    public required string Category { get; set; }
    /// <summary><c>APPROVED</c>, <c>PENDING</c>, <c>REJECTED</c>, <c>PAUSED</c> or <c>DISABLED</c>.</summary>
    public required string Status { get; set; }
    /// <summary>Meta's <c>components</c> array: HEADER, BODY, FOOTER, BUTTONS with <c>{{n}}</c> placeholders.</summary>
    public required string Components { get; set; }
    public DateTime CreatedAt { get; init; }
}
