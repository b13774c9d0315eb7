namespace Keygate.Usage;

internal static class UsageExtensions
{
    public static IServiceCollection AddKeygateUsage(this IServiceCollection services)
    {
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section);
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<UsageWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageWriter>());
        return services;
    }

    public static IApplicationBuilder UseKeygateUsage(this IApplicationBuilder app) => app.UseMiddleware<UsageMiddleware>();
}
