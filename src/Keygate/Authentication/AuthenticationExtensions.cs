using Keygate.Accounts;
using Keygate.Authorization;
using Keygate.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Authentication;

internal static class AuthenticationExtensions
{
    /// <summary>The default scheme: a request that carries API credentials is judged by them alone, any other by its session cookie.</summary>
    public const string SchemeSelector = "Keygate";

    public static IServiceCollection AddKeygateAuthentication(this IServiceCollection services)
    {
        services.AddOptions<KeyCacheOptions>().BindConfiguration(KeyCacheOptions.Section);
        services.AddSingleton<VerifiedKeyCache>();
        services.AddSingleton<KeyVerifier>();
        services.AddSingleton<IKeyVerifier>(provider => provider.GetRequiredService<KeyVerifier>());
        services.AddAuthentication(SchemeSelector)
            .AddPolicyScheme(SchemeSelector, "API key or session", options => options.ForwardDefaultSelector = context =>
                CredentialParser.Present(context.Request.Headers) ? ApiKeyAuthenticationHandler.SchemeName : SessionCookie.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddKeygateSessionCookie();
        return services;
    }

    public static RouteGroupBuilder MapWhoAmI(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/whoami").WithTags("Keys").RequireAuthorization().OpenBeforePasswordChange();
        group.MapGet("/", WhoAmIAsync).WithName("WhoAmI");
        return group;
    }

    /// <summary>The simplest way to test a key: any valid key may ask who it is.</summary>
    private static async Task<Ok<WhoAmIResponse>> WhoAmIAsync(HttpContext http, KeyLimiter limiter)
    {
        var caller = Caller.From(http.User);
        var key = http.Features.Get<KeySnapshot>();
        return TypedResults.Ok(new WhoAmIResponse(
            caller.KeyId, caller.UserId, caller.AccountId,
            key is null ? null : Keys.KeyNames.Of(key.Environment),
            PermissionCatalog.Names(caller.Permissions),
            key?.PhoneNumberIds ?? [],
            key?.ExpiresAt,
            key is null ? [] : await limiter.DescribeAsync(key, http.RequestAborted)));
    }
}

/// <summary>Who the caller is; for a key, also every rate limit and quota with what is left of each after this call.</summary>
public sealed record WhoAmIResponse(string? KeyId, string? UserId, string AccountId, string? Environment,
    IReadOnlyList<string> Permissions, IReadOnlyList<string> PhoneNumberIds, DateTime? ExpiresAt, IReadOnlyList<Allowance> Allowances);
