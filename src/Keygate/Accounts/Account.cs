namespace Keygate.Accounts;

/// <summary>A tenant: one business. Every key, user and record belongs to exactly one account.</summary>
internal sealed class Account
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; init; }
}
