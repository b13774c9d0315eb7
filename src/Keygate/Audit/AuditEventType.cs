namespace Keygate.Audit;

// Persisted as numbers, in blocks by subject: never renumber or reuse a number. Their API names are in AuditNames.

internal enum AuditEventType
{
    // Keys: 1000–1099.
    KeyCreated = 1000,
    KeyUpdated = 1001,
    KeyRotated = 1002,
    KeyDisabled = 1003,
    KeyEnabled = 1004,
    KeyRevoked = 1005,

    // Logins and sessions: 1100–1199.
    LoginSucceeded = 1100,
    LoginFailed = 1101,
    Logout = 1102,
    PasswordChanged = 1103,
    PasswordChangeFailed = 1104,

    // Accounts: 1200–1299.
    AccountCreated = 1200,
    AccountUpdated = 1201,

    // Misuse alerts: 1300–1399.
    AlertResolved = 1300,

    // Webhook subscriptions: 1400–1499.
    WebhookCreated = 1400,
    WebhookUpdated = 1401,
    WebhookDeleted = 1402,
    WebhookSecretRotated = 1403,

    // Users of an account: 1500–1599.
    UserCreated = 1500,
    UserRoleChanged = 1501,
    UserDisabled = 1502,
    UserEnabled = 1503,

    // Phone numbers: 1600–1699.
    PhoneNumberRegistered = 1600,
    /// <summary>Its test recipients were edited (the one setting of a number that can change).</summary>
    PhoneNumberUpdated = 1601,

    // Message templates: 1700–1799.
    TemplateCreated = 1700,
    TemplateDeleted = 1701,

    // Contacts: 1800–1899.
    ContactCreated = 1800,
    ContactUpdated = 1801,
    /// <summary>An edit that changed the opt-in state: the consent record, so it is found by its own type.</summary>
    ContactOptInChanged = 1802,
    ContactDeleted = 1803,

    // Media: 1900–1999.
    MediaUploaded = 1900,
    MediaDeleted = 1901,

    // Graph calls passed through to Meta: 2000–2099.
    /// <summary>A call that may change something at Meta (any method but GET), with Meta's answer status; never its body.</summary>
    GraphWrite = 2000,
}

internal enum AuditActorType
{
    User = 1,
    Key = 2,
    /// <summary>Keygate itself, such as the first start's bootstrap.</summary>
    System = 3,
    /// <summary>An unauthenticated caller: a failed login proves nothing about who typed it.</summary>
    Anonymous = 4,
}

internal enum AuditTargetType
{
    Key = 1,
    User = 2,
    Account = 3,
    Alert = 4,
    Webhook = 5,
    PhoneNumber = 6,
    Template = 7,
    Contact = 8,
    Media = 9,
    /// <summary>An object at Meta (a number, WABA, template, flow, media) named by a passed-through call.</summary>
    GraphObject = 10,
}

/// <summary>The names the API speaks for the audit enums.</summary>
internal static class AuditNames
{
    private static readonly Dictionary<AuditEventType, string> Types = new()
    {
        [AuditEventType.KeyCreated] = "key.created",
        [AuditEventType.KeyUpdated] = "key.updated",
        [AuditEventType.KeyRotated] = "key.rotated",
        [AuditEventType.KeyDisabled] = "key.disabled",
        [AuditEventType.KeyEnabled] = "key.enabled",
        [AuditEventType.KeyRevoked] = "key.revoked",
        [AuditEventType.LoginSucceeded] = "login.succeeded",
        [AuditEventType.LoginFailed] = "login.failed",
        [AuditEventType.Logout] = "logout",
        [AuditEventType.PasswordChanged] = "password.changed",
        [AuditEventType.PasswordChangeFailed] = "password.change_failed",
        [AuditEventType.AccountCreated] = "account.created",
        [AuditEventType.AccountUpdated] = "account.updated",
        [AuditEventType.AlertResolved] = "alert.resolved",
        [AuditEventType.WebhookCreated] = "webhook.created",
        [AuditEventType.WebhookUpdated] = "webhook.updated",
        [AuditEventType.WebhookDeleted] = "webhook.deleted",
        [AuditEventType.WebhookSecretRotated] = "webhook.secret_rotated",
        [AuditEventType.UserCreated] = "user.created",
        [AuditEventType.UserRoleChanged] = "user.role_changed",
        [AuditEventType.UserDisabled] = "user.disabled",
        [AuditEventType.UserEnabled] = "user.enabled",
        [AuditEventType.PhoneNumberRegistered] = "phone_number.registered",
        [AuditEventType.PhoneNumberUpdated] = "phone_number.updated",
        [AuditEventType.TemplateCreated] = "template.created",
        [AuditEventType.TemplateDeleted] = "template.deleted",
        [AuditEventType.ContactCreated] = "contact.created",
        [AuditEventType.ContactUpdated] = "contact.updated",
        [AuditEventType.ContactOptInChanged] = "contact.opt_in_changed",
        [AuditEventType.ContactDeleted] = "contact.deleted",
        [AuditEventType.MediaUploaded] = "media.uploaded",
        [AuditEventType.MediaDeleted] = "media.deleted",
        [AuditEventType.GraphWrite] = "graph.write",
    };

    private static readonly Dictionary<string, AuditEventType> ByName = Types.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IEnumerable<string> Names => Types.Values;

    public static string Choices { get; } = string.Join(", ", Types.Values);

    /// <summary>An event number this build does not know (written by a newer node) is shown as its number.</summary>
    public static string Of(AuditEventType type) =>
        Types.TryGetValue(type, out var name) ? name : ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(string name, out AuditEventType type) => ByName.TryGetValue(name, out type);

    public static string Of(AuditActorType actor) => actor switch
    {
        AuditActorType.User => "user",
        AuditActorType.Key => "key",
        AuditActorType.System => "system",
        _ => "anonymous",
    };

    public static string? Of(AuditTargetType? target) => target switch
    {
        AuditTargetType.Key => "key",
        AuditTargetType.User => "user",
        AuditTargetType.Account => "account",
        AuditTargetType.Alert => "alert",
        AuditTargetType.Webhook => "webhook",
        AuditTargetType.PhoneNumber => "phone_number",
        AuditTargetType.Template => "template",
        AuditTargetType.Contact => "contact",
        AuditTargetType.Media => "media",
        AuditTargetType.GraphObject => "graph_object",
        _ => null,
    };
}
