namespace Keygate.Dashboard;

/// <summary>Names of the values a page hands its layout.</summary>
internal static class DashboardViewData
{
    /// <summary>The page's title, for the tab and the heading.</summary>
    public const string Title = "Title";

    /// <summary>Which section of the navigation is current: integration, alerts, audit, users, account.</summary>
    public const string Section = "Section";
}
