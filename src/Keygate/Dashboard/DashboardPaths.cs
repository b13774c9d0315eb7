namespace Keygate.Dashboard;

/// <summary>
/// The dashboard lives under one prefix: its endpoints carry <see cref="DashboardSurface"/>, and a request none of them
/// answers (a 404, a 405) is told apart by the prefix, for its HTML status page and browser policy headers.
/// </summary>
internal static class DashboardPaths
{
    public const string Root = "/dashboard";
    public const string Login = Root + "/login";
    public const string Home = Root + "/integration";
    public const string Keys = Root + "/integration/api-keys";
    public const string PhoneNumbers = Root + "/integration/phone-numbers";
    public const string Webhooks = Root + "/integration/webhooks";
    public const string Alerts = Root + "/alerts";
    public const string Audit = Root + "/audit";
    public const string Users = Root + "/users";
    public const string Password = Root + "/account/password";

    public static bool Contains(HttpContext context) => context.Request.Path.StartsWithSegments(Root);

    public static string Key(string id) => $"{Keys}/{Uri.EscapeDataString(id)}";

    public static string Webhook(string id) => $"{Webhooks}/{Uri.EscapeDataString(id)}";
}
