namespace Keygate.Coordination;

/// <summary>Where the state several nodes share lives, under <c>Coordination:</c>.</summary>
internal sealed class CoordinationOptions
{
    public const string Section = "Coordination";

    public const string InProcess = "inprocess";

    public const string Redis = "redis";

    /// <summary><c>inprocess</c> (one node, the default) or <c>redis</c> (any number of nodes sharing one Redis).</summary>
    public string Provider { get; set; } = InProcess;
}

/// <summary>How the nodes reach their Redis, under <c>Coordination:Redis:</c>.</summary>
internal sealed class RedisCoordinationOptions
{
    public const string Section = "Coordination:Redis";

    /// <summary>A StackExchange.Redis configuration string: <c>host:port</c>, and options such as <c>password=…</c> or <c>ssl=true</c>.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Put before every Redis key and channel name, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "keygate:";

    /// <summary>Whether changes are pushed over pub/sub; without it they arrive by the version check alone.</summary>
    public bool PubSub { get; set; } = true;

    /// <summary>How often each node checks the change log for changes it did not hear of; the bound on staleness.</summary>
    public int VersionCheckMilliseconds { get; set; } = 250;

    /// <summary>How often each node shares the misuse baselines of the keys it saw: how far behind the others' counts it judges by.</summary>
    public int BaselineSyncMilliseconds { get; set; } = 1000;
}
