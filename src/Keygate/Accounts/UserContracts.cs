namespace Keygate.Accounts;

/// <summary>A user of the caller's account, as the API shows it: never a password or its hash.</summary>
public sealed record UserResponse(string Id, string Email, string Role, string Status, bool IsOperator, bool MustChangePassword,
    DateTime? DisabledAt, DateTime CreatedAt);

public sealed record CreateUserRequest(string? Email, string? Role);

/// <summary>A new user and the one-time password handed to them, returned by the create response only.</summary>
public sealed record CreatedUserResponse(string Id, string Email, string Role, string Status, bool IsOperator, bool MustChangePassword,
    DateTime? DisabledAt, DateTime CreatedAt, string OneTimePassword);

public sealed record ChangeUserRoleRequest(string? Role);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

internal static class UserMapping
{
    public static string StatusOf(User user) => user.DisabledAt is null ? "active" : "disabled";

    public static UserResponse ToResponse(this User user) => new(user.Id, user.Email, Roles.NameOf(user.Role), StatusOf(user),
        user.IsOperator, user.MustChangePassword, user.DisabledAt, user.CreatedAt);
}
