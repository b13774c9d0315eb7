namespace Keygate.Coordination;

/// <summary>
/// Where state shared by every node lives. Each seam is an interface with the single-node implementation
/// registered here; a shared store (Redis, PostgreSQL) replaces them one by one without touching their callers:
/// <list type="bullet">
/// <item><see cref="ILimitCounters"/>: rate-limit windows and quota spend, taken all-or-nothing in one step;</item>
/// <item><see cref="IQuotaReservations"/>: the durable blocks quotas spend from (registered by Limits, on the database);</item>
/// <item><see cref="INonceStore"/>: signed-request nonces, each accepted once;</item>
/// <item><see cref="IChangeNotifier"/>: a key, an account's keys or a phone number changed, so every node's caches forget it;</item>
/// <item><see cref="IMisuseState"/>: each key's misuse memory (baselines, networks, the guessing lock);</item>
/// <item><see cref="ILoginAttempts"/>: failed sign-ins per e-mail and per client address.</item>
/// </list>
/// The features above this layer keep the decisions (what a request costs, what is suspicious, what to count);
/// the seams only remember and count. What stays in a node's memory is node-local by nature: caches a change
/// invalidates or a short time-to-live bounds, this node's own in-flight work, and buffers flushed to the store.
/// <c>Coordination:Provider</c> chooses: <c>inprocess</c> (one node) or <c>redis</c> (many nodes on one Redis).
/// </summary>
internal static class CoordinationExtensions
{
    public static IServiceCollection AddKeygateCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetSection(CoordinationOptions.Section).Get<CoordinationOptions>()?.Provider ?? CoordinationOptions.InProcess;
        services.AddOptions<LimitCounterOptions>().BindConfiguration(LimitCounterOptions.Section);
        if (string.Equals(provider, CoordinationOptions.Redis, StringComparison.OrdinalIgnoreCase))
        {
            return services.AddRedisCoordination();
        }
        if (!string.Equals(provider, CoordinationOptions.InProcess, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Coordination:Provider must be '{CoordinationOptions.InProcess}' or '{CoordinationOptions.Redis}', not '{provider}'.");
        }
        services.AddSingleton<INonceStore, InProcessNonceStore>();
        services.AddSingleton<IChangeNotifier, InProcessChangeNotifier>();
        services.AddSingleton<ILimitCounters, InProcessLimitCounters>();
        services.AddSingleton<ILoginAttempts, InProcessLoginAttempts>();
        services.AddSingleton<IMisuseState, InProcessMisuseState>();
        return services;
    }

    private static IServiceCollection AddRedisCoordination(this IServiceCollection services)
    {
        services.AddOptions<RedisCoordinationOptions>().BindConfiguration(RedisCoordinationOptions.Section)
            .Validate(options => !string.IsNullOrWhiteSpace(options.Configuration), "Coordination:Redis:Configuration is required when Coordination:Provider is 'redis'.")
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<ChangePropagationMetrics>();
        services.AddSingleton<RedisChangeNotifier>();
        services.AddSingleton<IChangeNotifier>(provider => provider.GetRequiredService<RedisChangeNotifier>());
        services.AddHostedService(provider => provider.GetRequiredService<RedisChangeNotifier>());
        services.AddSingleton<INonceStore, RedisNonceStore>();
        services.AddSingleton<RedisTakeBatch>();
        services.AddSingleton<ILimitCounters, RedisLimitCounters>();
        services.AddSingleton<ILoginAttempts, RedisLoginAttempts>();
        services.AddSingleton<InProcessMisuseState>();
        services.AddSingleton<RedisBaselineSync>();
        services.AddHostedService(provider => provider.GetRequiredService<RedisBaselineSync>());
        services.AddSingleton<IMisuseState, RedisMisuseState>();
        services.AddExceptionHandler<RedisOutage>();
        return services;
    }
}
