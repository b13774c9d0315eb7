namespace Keygate.Authorization;

/// <summary>The permission names the API speaks (<c>GET /v1/permissions</c>), with what each allows. Deny by default: a key has only what it lists.</summary>
internal static class PermissionCatalog
{
    public sealed record Entry(string Name, string Description, Permission Bit);

    public static readonly IReadOnlyList<Entry> All =
    [
        new("messages:send", "Send any message: text, media, interactive, templates, reactions, read receipts.", Permission.MessagesSend),
        new("messages:send-template", "Send template messages only, of every category.", Permission.AnyTemplate),
        // A category's name grants its templates only; the bits include MessagesSendTemplate, so such a key is template-only.
        new("messages:send-marketing-template", "Send marketing template messages only.", Permission.MessagesSendTemplate | Permission.MarketingTemplates),
        new("messages:send-utility-template", "Send utility template messages only.", Permission.MessagesSendTemplate | Permission.UtilityTemplates),
        new("messages:send-authentication-template", "Send authentication template messages only.", Permission.MessagesSendTemplate | Permission.AuthenticationTemplates),
        new("messages:read", "Read message history and status timelines.", Permission.MessagesRead),
        new("media:read", "Read and download media.", Permission.MediaRead),
        new("media:write", "Upload and delete media.", Permission.MediaWrite),
        new("templates:read", "List message templates.", Permission.TemplatesRead),
        new("templates:write", "Create and edit message templates.", Permission.TemplatesWrite),
        new("contacts:read", "Read contacts, tags and opt-in state.", Permission.ContactsRead),
        new("contacts:write", "Create, edit and delete contacts.", Permission.ContactsWrite),
        new("webhooks:manage", "Manage webhook subscriptions.", Permission.WebhooksManage),
        new("usage:read", "Read usage figures.", Permission.UsageRead),
        new("keys:read", "List and read API keys (never their secrets).", Permission.KeysRead),
        new("keys:manage", "Create, edit, rotate, disable and revoke API keys, granting at most the permissions this key holds.", Permission.KeysManage),
        new("keys:verify", "Check another service's API key and secret through POST /v1/keys/verify.", Permission.KeysVerify),
        new("audit:read", "Read and export the audit trail.", Permission.AuditRead),
        new("phone-numbers:read", "Read a real number at Meta: its record, business profile, settings, QR codes, its WABA and the WABA's numbers.",
            Permission.PhoneNumbersRead),
        new("phone-numbers:manage", "Change a real number at Meta: business profile, settings, registration and verification, two-step PIN, QR codes.",
            Permission.PhoneNumbersManage),
        new("flows:read", "Read a real WABA's WhatsApp Flows and their assets.", Permission.FlowsRead),
        new("flows:write", "Create, edit, publish, deprecate and delete a real WABA's WhatsApp Flows.", Permission.FlowsWrite),
        new("analytics:read", "Read a real WABA's analytics: messaging, conversation, pricing and template analytics.", Permission.AnalyticsRead),
        new("commerce:manage", "Change a real number's commerce settings (catalog and cart).", Permission.CommerceManage),
    ];

    public static readonly Permission Everything = All.Aggregate(Permission.None, (all, entry) => all | entry.Bit);

    private static readonly Dictionary<string, Permission> ByName = All.ToDictionary(e => e.Name, e => e.Bit, StringComparer.Ordinal);

    public static bool TryParse(string name, out Permission bit) => ByName.TryGetValue(name, out bit);

    public static Permission Parse(IEnumerable<string> names) =>
        names.Aggregate(Permission.None, (all, name) => all | ByName.GetValueOrDefault(name));

    public static string NameOf(Permission bit) => All.First(e => e.Bit == bit).Name;

    /// <summary>
    /// The names the set holds, in catalogue order, leaving out a name another held name already includes
    /// (<c>messages:send-template</c> includes each category's).
    /// </summary>
    public static List<string> Names(Permission set)
    {
        var held = All.Where(e => set.HasFlag(e.Bit)).ToList();
        return [.. held.Where(e => !held.Any(other => other.Bit != e.Bit && other.Bit.HasFlag(e.Bit))).Select(e => e.Name)];
    }
}
