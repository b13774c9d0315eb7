namespace Keygate.WhatsApp.Media;

/// <summary>An uploaded file that messages can send by id. Its bytes live under the data directory, not in the database.</summary>
internal sealed class MediaObject
{
    /// <summary>Digits, like Meta's media ids.</summary>
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string PhoneNumberId { get; init; }
    public required string MimeType { get; init; }
    /// <summary>Lower-case hex SHA-256 of the bytes, as Meta reports it.</summary>
    public required string Sha256 { get; init; }
    public long FileSize { get; init; }
    public string? FileName { get; init; }
    public DateTime CreatedAt { get; init; }
}
