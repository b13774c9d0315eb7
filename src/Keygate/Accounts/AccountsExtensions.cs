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
