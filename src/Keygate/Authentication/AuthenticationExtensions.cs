using Keygate.Keys;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Keygate.Authentication;

internal static class AuthenticationExtensions
{
    /// <summary>The default scheme: a request that carries API credentials is judged by them alone, any other by its session cookie.</summary>
    public const string SchemeSelector = "Keygate";

    /// <summary>The scheme a request without API credentials is judged by; the dashboard's session cookie registers under it.</summary>
    public const string SessionScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static IServiceCollection AddKeygateAuthentication(this IServiceCollection services)
    {
        services.AddOptions<KeyCacheOptions>().BindConfiguration(KeyCacheOptions.Section);
        services.AddSingleton<VerifiedKeyCache>();
        services.AddSingleton<KeyVerificationMetrics>();
        services.AddSingleton<KeyVerifier>();
        services.AddSingleton<IKeyVerifier>(provider => provider.GetRequiredService<KeyVerifier>());
        services.AddSingleton<IKeyDirectory>(provider => provider.GetRequiredService<KeyVerifier>());
        // Routing's check that an endpoint with authorization data met ASP.NET Core's authorization middleware would
        // throw for the keys KeyAuthorization lets through on its own; every route's refusals are tested instead.
        services.Configure<RouteOptions>(options => options.SuppressCheckForUnhandledSecurityMetadata = true);
        services.AddAuthentication(SchemeSelector)
            .AddPolicyScheme(SchemeSelector, "API key or session", options => options.ForwardDefaultSelector = context =>
                KeyAuthentication.JudgedByKey(context) ? ApiKeyAuthenticationHandler.SchemeName : SessionScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        return services;
    }
}
