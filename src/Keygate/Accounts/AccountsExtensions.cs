using Keygate.Authorization;

namespace Keygate.Accounts;

internal static class AccountsExtensions
{
    public static IServiceCollection AddKeygateAccounts(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<PasswordCheck>();
        services.AddScoped<LogIn>();
        services.AddScoped<LogOut>();
        services.AddScoped<ChangePassword>();
        services.AddScoped<ListUsers>();
        services.AddScoped<CreateUser>();
        services.AddScoped<ChangeUser>();
        services.AddScoped<UpdateAccountLimits>();
        services.AddHostedService<SessionSweeper>();
        // Sessions and roles are the dashboard users' own: this feature adds their scheme and the policy that names roles.
        services.AddAuthentication().AddKeygateSessionCookie();
        services.AddAuthorizationBuilder().AddPolicy(Policies.UserManager, policy => policy.RequireAuthenticatedUser()
            .RequireClaim(Caller.SessionClaim).RequireRole(Roles.NameOf(UserRole.Owner), Roles.NameOf(UserRole.Admin)));
        return services;
    }

    public static IEndpointRouteBuilder MapKeygateAccounts(this IEndpointRouteBuilder routes)
    {
        routes.MapAuthEndpoints();
        routes.MapAccountEndpoints();
        routes.MapUserEndpoints();
        return routes;
    }
}
