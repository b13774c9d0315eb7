using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>Every node's nonces in one Redis: a nonce is set only if absent, expiring with its lifetime, so it is accepted once across nodes.</summary>
internal sealed class RedisNonceStore(RedisConnection redis) : INonceStore
{
    public async ValueTask<bool> TryUseAsync(string keyId, string nonce, TimeSpan lifetime, CancellationToken cancellationToken) =>
        await redis.Database.StringSetAsync(redis.Key(string.Concat("nonce:", keyId, ":", nonce)), 1, lifetime, When.NotExists);
}
