using Keygate.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.Benchmarks;

internal static class VerifierServices
{
    /// <summary>
    /// The verifier's own registrations, as <c>AddKeygateAuthentication</c> makes them, without the
    /// authentication scheme around them: KeyVerifier is built by DI exactly as the host builds it.
    /// </summary>
    public static IServiceCollection AddKeyVerification(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        // A run outlasts the default 60 s time-to-live; an entry expiring mid-run would turn hits into misses.
        services.AddOptions<KeyCacheOptions>().Configure(options => options.TimeToLiveSeconds = int.MaxValue);
        services.AddSingleton<VerifiedKeyCache>();
        services.AddSingleton<KeyVerifier>();
        return services;
    }
}
