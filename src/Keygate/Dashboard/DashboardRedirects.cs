namespace Keygate.Dashboard;

/// <summary>What the session cookie does on the dashboard instead of answering a problem document.</summary>
internal static class DashboardRedirects
{
    /// <summary>To the login page, remembering the page asked for (a local path only, so it cannot send anyone off-site).</summary>
    public static Task ToLoginAsync(HttpContext context)
    {
        var back = context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{DashboardPaths.Login}?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }

    /// <summary>A bare 403: the dashboard's status page renders it as HTML.</summary>
    public static Task ForbiddenAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
