namespace Keygate.Authorization;

/// <summary>
/// What a key may do, as bits so that a check on the request path is one AND. Only the names
/// (<see cref="PermissionCatalog"/>) are stored and spoken by the API, so these bits may change freely.
/// </summary>
[Flags]
internal enum Permission : long
{
    None = 0,
    MessagesSend = 1 << 0,
    /// <summary>Template messages of some category: held with the bits of the categories allowed.</summary>
    MessagesSendTemplate = 1 << 1,
    MessagesRead = 1 << 2,
    MediaRead = 1 << 3,
    MediaWrite = 1 << 4,
    TemplatesRead = 1 << 5,
    TemplatesWrite = 1 << 6,
    ContactsRead = 1 << 7,
    ContactsWrite = 1 << 8,
    WebhooksManage = 1 << 9,
    UsageRead = 1 << 10,
    KeysRead = 1 << 11,
    KeysManage = 1 << 12,
    KeysVerify = 1 << 13,
    AuditRead = 1 << 14,
    MarketingTemplates = 1 << 15,
    UtilityTemplates = 1 << 16,
    AuthenticationTemplates = 1 << 17,
    /// <summary><c>messages:send-template</c>: template messages of every category.</summary>
    AnyTemplate = MessagesSendTemplate | MarketingTemplates | UtilityTemplates | AuthenticationTemplates,
    PhoneNumbersRead = 1 << 18,
    PhoneNumbersManage = 1 << 19,
    FlowsRead = 1 << 20,
    FlowsWrite = 1 << 21,
    AnalyticsRead = 1 << 22,
    CommerceManage = 1 << 23,
}
