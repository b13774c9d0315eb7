namespace Keygate.Accounts;

/// <summary>
/// A dashboard login. The cookie only names the session; the row decides whether it is still good, so
/// logging out ends it on the server and a copied cookie stops working.
/// </summary>
internal sealed class Session
{
    public required string Id { get; init; }
    public required string UserId { get; init; }
    public required string AccountId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? EndedAt { get; set; }
}
