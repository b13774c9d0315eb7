using System.Text.Json.Nodes;
using Keygate.Audit;

namespace Keygate.Accounts;

/// <summary>What the trail records of a new account: its name and its owner's e-mail, never the one-time password.</summary>
internal static class AccountChanges
{
    public static JsonObject Created(Account account, User owner) =>
        AuditChanges.Between(null, new JsonObject { ["name"] = account.Name, ["ownerEmail"] = owner.Email });
}

/// <summary>What the trail records of a user: e-mail, role and status, never a password or its hash.</summary>
internal static class UserChanges
{
    public static JsonObject Snapshot(User user) => new()
    {
        ["email"] = user.Email,
        ["role"] = Roles.NameOf(user.Role),
        ["status"] = UserMapping.StatusOf(user),
    };
}
