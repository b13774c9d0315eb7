namespace Keygate.Accounts;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record LoginResponse(string UserId, string Email, string AccountId, string Role, bool IsOperator, bool MustChangePassword);

public sealed record CreateAccountRequest(string? Name, string? OwnerEmail);

/// <summary>An account with the limits all its keys share.</summary>
public sealed record AccountResponse(string Id, string Name, DateTime CreatedAt,
    IReadOnlyList<Keys.RateLimitContract> RateLimits, IReadOnlyList<Keys.QuotaContract> Quotas);

public sealed record AccountOwner(string Id, string Email, string OneTimePassword);

public sealed record CreatedAccountResponse(string Id, string Name, DateTime CreatedAt, AccountOwner Owner);
