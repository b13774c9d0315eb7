using Keygate.Authentication;

namespace Keygate.Coordination;

internal static class CoordinationExtensions
{
    public static IServiceCollection AddKeygateCoordination(this IServiceCollection services)
    {
        services.AddSingleton<INonceStore, InProcessNonceStore>();
        services.AddSingleton<IKeyChangeNotifier, InProcessKeyChangeNotifier>();
        return services;
    }
}

internal sealed class InProcessKeyChangeNotifier(VerifiedKeyCache cache) : IKeyChangeNotifier
{
    public ValueTask KeyChangedAsync(string keyId)
    {
        cache.Invalidate(keyId);
        return ValueTask.CompletedTask;
    }

    public ValueTask AccountChangedAsync(string accountId)
    {
        cache.InvalidateAccount(accountId);
        return ValueTask.CompletedTask;
    }
}
