
namespace Keygate.Usage;

internal static class UsageExtensions
{
    public static IServiceCollection AddKeygateUsage(this IServiceCollection services)
    {
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<IKeyRequestObserver>(provider => provider.GetRequiredService<UsageRecorder>());
        services.AddSingleton<KeyObservations>();
        services.AddSingleton<UsageWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageWriter>());
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.AddHostedService<UsageRetention>();
        services.AddScoped<UsageReports>();
        return services;
    }
}
