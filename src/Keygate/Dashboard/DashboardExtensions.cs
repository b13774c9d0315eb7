using Keygate.Accounts;
using Keygate.Http;

namespace Keygate.Dashboard;

internal static class DashboardExtensions
{
    /// <summary>
    /// Only a dashboard session opens dashboard pages: an API key never does, whatever it may call. Unlike
    /// <see cref="Authorization.Policies.Session"/> (API calls, which answer a key with 403), it authenticates with the
    /// cookie alone, so a page asked for with a key and no session goes to the login page.
    /// </summary>
    public const string SessionPolicy = "dashboard-session";

    public static IServiceCollection AddKeygateDashboard(this IServiceCollection services)
    {
        services.AddSurfacePath(DashboardPaths.Root, DashboardSurface.Instance);
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Dashboard/Pages";
            options.Conventions.AuthorizeFolder("/", SessionPolicy);
            options.Conventions.AllowAnonymousToPage("/Login");
            options.Conventions.AllowAnonymousToPage("/Status");
        });
        services.AddAuthorizationBuilder().AddPolicy(SessionPolicy, policy =>
            policy.AddAuthenticationSchemes(SessionCookie.SchemeName).RequireAuthenticatedUser());
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "keygate_antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// What the browser may do with a dashboard page: load only Keygate's own styles, script and images (inline style
    /// attributes are allowed: the charts' colours and the meters' widths), post forms only to Keygate, and never be
    /// framed (a framed page could trick a click on Revoke).
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// HTML status pages for the dashboard (403, 404, a refused form), and its browser policy headers; the APIs keep
    /// their problem documents.
    /// </summary>
    public static IApplicationBuilder UseKeygateStatusPages(this IApplicationBuilder app)
    {
        // Problem documents for everything; under /dashboard the HTML status page answers first, so these stand aside.
        app.UseBareStatusProblems();
        app.UseWhen(DashboardPaths.Contains, dashboard =>
        {
            dashboard.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return next(context);
            });
            dashboard.UseStatusCodePagesWithReExecute(DashboardPaths.Root + "/status/{0}");
        });
        return app;
    }

    public static IEndpointRouteBuilder MapKeygateDashboard(this WebApplication app)
    {
        // Run from a build rather than a publish, static assets add a catch-all route that asks the disk whether any
        // requested path is a file the manifest missed: a stat call on every request. Keygate makes no files at run time.
        app.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        app.MapStaticAssets().WithMetadata(DashboardSurface.Instance);
        app.MapRazorPages().WithStaticAssets().WithMetadata(DashboardSurface.Instance);
        app.MapGet("/", () => TypedResults.Redirect(DashboardPaths.Home)).ExcludeFromDescription();
        app.MapGet(DashboardPaths.Root, () => TypedResults.Redirect(DashboardPaths.Home)).ExcludeFromDescription().WithMetadata(DashboardSurface.Instance);
        return app;
    }
}
