using Keygate.Http;

namespace Keygate.Accounts;

internal sealed class User : IListedRow
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>Stored lower-case, so lookups and uniqueness ignore case.</summary>
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public UserRole Role { get; set; }
    /// <summary>Operators create and list accounts; the bootstrap user is the first.</summary>
    public bool IsOperator { get; set; }
    /// <summary>Set for a password handed out by someone else (a new account's owner).</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>Set while the user may not log in; their sessions ended when it was set.</summary>
    public DateTime? DisabledAt { get; set; }
    public DateTime CreatedAt { get; init; }
}

/// <summary>Persisted as numbers: never renumber.</summary>
internal enum UserRole
{
    Owner = 1,
    Admin = 2,
    Developer = 3,
    Viewer = 4,
}
