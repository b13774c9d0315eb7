namespace Keygate.Coordination;

internal static class CoordinationExtensions
{
    /// <summary>The single-node implementations of every seam; a shared store's replace them with the scale-out work.</summary>
    public static IServiceCollection AddKeygateCoordination(this IServiceCollection services)
    {
        services.AddSingleton<INonceStore, InProcessNonceStore>();
        services.AddSingleton<IKeyChangeNotifier, InProcessKeyChangeNotifier>();
        services.AddOptions<LimitCounterOptions>().BindConfiguration(LimitCounterOptions.Section);
        services.AddSingleton<ILimitCounters, InProcessLimitCounters>();
        return services;
    }
}
