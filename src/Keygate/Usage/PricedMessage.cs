namespace Keygate.Usage;

/// <summary>
/// A message of a real number already counted by its pricing category: Meta prices every status of a message
/// (sent, delivered, read) and retries its webhooks, and this row is what makes the count happen once.
/// </summary>
internal sealed class PricedMessage
{
    /// <summary>The wamid.</summary>
    public required string MessageId { get; init; }
    public required string Category { get; init; }
    public DateTime At { get; init; }
}
