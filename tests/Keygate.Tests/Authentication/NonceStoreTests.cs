using Keygate.Coordination;
using Microsoft.Extensions.Time.Testing;

namespace Keygate.Tests.Authentication;

public sealed class NonceStoreTests
{
    [Fact]
    public async Task ANonce_IsAcceptedOncePerKey()
    {
        var store = new InProcessNonceStore(new FakeTimeProvider());
        var lifetime = TimeSpan.FromMinutes(10);
        Assert.True(await store.TryUseAsync("kg_live_a", "nonce-0123456789", lifetime, default));
        Assert.False(await store.TryUseAsync("kg_live_a", "nonce-0123456789", lifetime, default));
        Assert.True(await store.TryUseAsync("kg_live_b", "nonce-0123456789", lifetime, default));
    }

    [Fact]
    public async Task ConcurrentUses_OfOneNonce_AdmitExactlyOne()
    {
        var store = new InProcessNonceStore(new FakeTimeProvider());
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ =>
            Task.Run(async () => await store.TryUseAsync("kg_live_a", "nonce-race-000001", TimeSpan.FromMinutes(10), default))));
        Assert.Single(results, accepted => accepted);
    }
}
