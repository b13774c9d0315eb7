using Keygate.Authorization;

namespace Keygate.Dashboard;

/// <summary>The permission sets the key form offers by name; anything else is picked one by one.</summary>
internal static class KeyPresets
{
    public sealed record Preset(string Id, string Name, string Description, Permission Permissions);

    public const string Custom = "custom";

    public static readonly IReadOnlyList<Preset> All =
    [
        new("full", "Full access", "Every permission in the catalogue.", PermissionCatalog.Everything),
        new("send", "Send only", "Send any message, nothing else.", Permission.MessagesSend),
        new("templates", "Templates only", "Send template messages and list the templates.", Permission.AnyTemplate | Permission.TemplatesRead),
        new("read", "Read only", "Read history, media, templates, contacts, usage and keys; change nothing.",
            PermissionCatalog.All.Where(e => e.Name.EndsWith(":read", StringComparison.Ordinal)).Aggregate(Permission.None, (all, e) => all | e.Bit)),
    ];

    public static Preset? Find(string? id) => All.FirstOrDefault(p => p.Id == id);

    /// <summary>The preset a set of permissions is exactly, if any.</summary>
    public static Preset? Matching(Permission permissions) => All.FirstOrDefault(p => p.Permissions == permissions);

    /// <summary>A short description for the key list: the preset's name, or the count with the first few names.</summary>
    public static string Summary(IReadOnlyList<string> permissions)
    {
        if (Matching(PermissionCatalog.Parse(permissions)) is { } preset)
        {
            return preset.Name;
        }
        return permissions.Count switch
        {
            0 => "No permissions",
            1 => permissions[0],
            2 => $"{permissions[0]}, {permissions[1]}",
            _ => $"{permissions[0]}, {permissions[1]} and {permissions.Count - 2} more",
        };
    }
}
