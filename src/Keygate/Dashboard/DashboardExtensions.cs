using Keygate.Accounts;

namespace Keygate.Dashboard;

internal static class DashboardExtensions
{
    /// <summary>Only a dashboard session opens dashboard pages: an API key never does, whatever it may call.</summary>
    public const string SessionPolicy = "dashboard-session";

    public static IServiceCollection AddKeygateDashboard(this IServiceCollection services)
    {
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

    /// <summary>HTML status pages for the dashboard (403, 404, a refused form); the APIs keep their problem documents.</summary>
    public static IApplicationBuilder UseKeygateStatusPages(this IApplicationBuilder app)
    {
        app.UseWhen(DashboardPaths.Contains, dashboard => dashboard.UseStatusCodePagesWithReExecute(DashboardPaths.Root + "/status/{0}"));
        app.UseWhen(context => !DashboardPaths.Contains(context), api => api.UseStatusCodePages());
        return app;
    }

    public static IEndpointRouteBuilder MapKeygateDashboard(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapGet("/", () => TypedResults.Redirect(DashboardPaths.Home)).ExcludeFromDescription();
        app.MapGet(DashboardPaths.Root, () => TypedResults.Redirect(DashboardPaths.Home)).ExcludeFromDescription();
        return app;
    }
}
