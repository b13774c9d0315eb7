using Keygate.Authorization;

namespace Keygate.Accounts;

/// <summary>What a dashboard user may do, as the same permissions keys carry.</summary>
internal static class Roles
{
    private const Permission ReadOnly = Permission.MessagesRead | Permission.MediaRead | Permission.TemplatesRead
        | Permission.ContactsRead | Permission.UsageRead | Permission.KeysRead | Permission.AuditRead
        | Permission.PhoneNumbersRead | Permission.FlowsRead | Permission.AnalyticsRead;

    public static Permission PermissionsOf(UserRole role) => role switch
    {
        UserRole.Owner or UserRole.Admin => PermissionCatalog.Everything,
        // A developer manages keys, but (like any key holder) never grants more than it holds.
        UserRole.Developer => PermissionCatalog.Everything & ~(Permission.AuditRead | Permission.WebhooksManage),
        _ => ReadOnly,
    };

    public static string NameOf(UserRole role) => role.ToString().ToLowerInvariant();

    public static string Choices { get; } = string.Join(", ", Enum.GetValues<UserRole>().Select(NameOf));

    /// <summary>The role an API name (<c>owner</c>, <c>admin</c>, <c>developer</c>, <c>viewer</c>) stands for.</summary>
    public static bool TryParse(string? name, out UserRole role)
    {
        role = Enum.GetValues<UserRole>().FirstOrDefault(r => NameOf(r) == name);
        return role != default;
    }
}
