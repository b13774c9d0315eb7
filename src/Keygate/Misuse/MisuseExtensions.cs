using Keygate.Usage;

namespace Keygate.Misuse;

internal static class MisuseExtensions
{
    public static IServiceCollection AddKeygateMisuse(this IServiceCollection services)
    {
        services.AddOptions<MisuseOptions>().BindConfiguration(MisuseOptions.Section);
        services.AddSingleton<MisuseMonitor>();
        services.AddSingleton<IKeyRequestObserver>(provider => provider.GetRequiredService<MisuseMonitor>());
        services.AddHostedService<AlertWriter>();
        services.AddScoped<ListAlerts>();
        services.AddScoped<ResolveAlert>();
        return services;
    }
}
