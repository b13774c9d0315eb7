using System.Security.Cryptography;
using Keygate.Authentication;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
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
        services.AddMetrics(); // the verifier's histograms; nothing listens to them here
        services.AddSingleton(TimeProvider.System);
        // A run outlasts the default 60 s time-to-live; an entry expiring mid-run would turn hits into misses.
        services.AddOptions<KeyCacheOptions>().Configure(options => options.TimeToLiveSeconds = int.MaxValue);
        services.AddSingleton<IChangeNotifier, InProcessChangeNotifier>();
        services.AddSingleton<VerifiedKeyCache>();
        // What the verifier holds for signed requests and the guessing lock; a cache hit with a bare secret touches neither.
        services.AddOptions<MasterKeyOptions>().Configure(options => options.MasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        services.AddOptions<StorageOptions>();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<INonceStore, InProcessNonceStore>();
        services.AddSingleton<IMisuseState, InProcessMisuseState>();
        services.AddSingleton<KeyVerificationMetrics>();
        services.AddSingleton<KeyVerifier>();
        return services;
    }
}
