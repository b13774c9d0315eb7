namespace Keygate.Accounts;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record LoginResponse(string UserId, string Email, string AccountId, string Role, bool IsOperator, bool MustChangePassword);

public sealed record CreateAccountRequest(string? Name, string? OwnerEmail);

public sealed record AccountResponse(string Id, string Name, DateTime CreatedAt);

public sealed record AccountOwner(string Id, string Email, string OneTimePassword);

public sealed record CreatedAccountResponse(string Id, string Name, DateTime CreatedAt, AccountOwner Owner);
