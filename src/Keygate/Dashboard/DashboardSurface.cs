using Keygate.Http;

namespace Keygate.Dashboard;

/// <summary>
/// Marks the dashboard's endpoints (its pages, their assets): HTML status pages instead of problem documents, the login
/// page instead of a 401, and bodies up to the management cap, as the forms send no more.
/// </summary>
internal sealed class DashboardSurface : PageSurface
{
    public static readonly DashboardSurface Instance = new();

    public override long BodyCap(IServiceProvider services) => RequestLimitOptions.ManagementCap(services);

    /// <summary>To the login page, remembering the page asked for (a local path only, so it cannot send anyone off-site).</summary>
    public override Task ToLoginAsync(HttpContext context)
    {
        var back = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{DashboardPaths.Login}?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }
}
