using Keygate.Authentication;
using Keygate.Coordination;
using Keygate.Keys;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Keygate.Tests.Authentication;

public sealed class VerifiedKeyCacheTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly InProcessChangeNotifier _changes = new();

    [Fact]
    public void Hit_UntilTheTimeToLiveEnds()
    {
        var cache = NewCache(capacity: 10, ttlSeconds: 60);
        cache.Add(Snapshot("kg_live_a"), cache.Generation);
        Assert.True(cache.TryGet("kg_live_a", out _));
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(cache.TryGet("kg_live_a", out _));
    }

    [Fact]
    public void Invalidate_RemovesAtOnce()
    {
        var cache = NewCache();
        cache.Add(Snapshot("kg_live_a"), cache.Generation);
        cache.Invalidate("kg_live_a");
        Assert.False(cache.TryGet("kg_live_a", out _));
    }

    [Fact]
    public async Task AChangeHeardFromTheNotifier_DropsTheKeyAndTheAccountsKeys()
    {
        var cache = NewCache();
        cache.Add(Snapshot("kg_live_a"), cache.Generation);
        cache.Add(Snapshot("kg_live_b"), cache.Generation);
        await _changes.KeyChangedAsync("kg_live_a");
        Assert.False(cache.TryGet("kg_live_a", out _));
        Assert.True(cache.TryGet("kg_live_b", out _));
        await _changes.AccountChangedAsync("acc_1");
        Assert.False(cache.TryGet("kg_live_b", out _));
    }

    [Fact]
    public void ALoadThatRacedWithAChange_IsNotCached()
    {
        var cache = NewCache();
        var generationWhenLoadStarted = cache.Generation;
        cache.Invalidate("kg_live_a");
        cache.Add(Snapshot("kg_live_a"), generationWhenLoadStarted);
        Assert.False(cache.TryGet("kg_live_a", out _));
    }

    [Fact]
    public void StaysWithinCapacity()
    {
        var cache = NewCache(capacity: 100);
        for (var i = 0; i < 1000; i++)
        {
            cache.Add(Snapshot($"kg_live_{i}"), cache.Generation);
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        Assert.InRange(cache.Count, 1, 100);
        Assert.True(cache.TryGet("kg_live_999", out _));
    }

    [Fact]
    public void FillingPastCapacity_NeverHoldsMoreThanCapacity_AndKeepsTheLatestLoads()
    {
        var cache = NewCache(capacity: 100);
        for (var i = 0; i < 250; i++)
        {
            cache.Add(Snapshot($"kg_live_{i}"), cache.Generation);
            Assert.True(cache.Count <= 100, $"{cache.Count} keys cached after {i + 1} adds, capacity 100");
        }
        Assert.Equal(100, cache.Count);
        Assert.All(Enumerable.Range(150, 100), i => Assert.True(cache.TryGet($"kg_live_{i}", out _), $"kg_live_{i} was evicted"));
        Assert.False(cache.TryGet("kg_live_149", out _));
    }

    [Fact]
    public void AKeyLoadedAgain_IsNotEvictedWithItsOlderCopy()
    {
        var cache = NewCache(capacity: 3);
        cache.Add(Snapshot("kg_live_a"), cache.Generation);
        cache.Add(Snapshot("kg_live_b"), cache.Generation);
        cache.Add(Snapshot("kg_live_c"), cache.Generation);
        var reloaded = Snapshot("kg_live_a");
        cache.Add(reloaded, cache.Generation);
        Assert.True(cache.TryGet("kg_live_a", out var cached));
        Assert.Same(reloaded, cached);
        cache.Add(Snapshot("kg_live_d"), cache.Generation);
        Assert.True(cache.TryGet("kg_live_a", out _));
        Assert.False(cache.TryGet("kg_live_b", out _));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void AnInvalidatedKeysPlace_GoesToTheNextLoadWithoutEvictingAnother()
    {
        var cache = NewCache(capacity: 2);
        cache.Add(Snapshot("kg_live_a"), cache.Generation);
        cache.Add(Snapshot("kg_live_b"), cache.Generation);
        cache.Invalidate("kg_live_a");
        cache.Add(Snapshot("kg_live_c"), cache.Generation);
        Assert.True(cache.TryGet("kg_live_b", out _));
        Assert.True(cache.TryGet("kg_live_c", out _));
    }

    private VerifiedKeyCache NewCache(int capacity = 100, int ttlSeconds = 60) =>
        new(Options.Create(new KeyCacheOptions { Capacity = capacity, TimeToLiveSeconds = ttlSeconds }), _clock, _changes);

    private KeySnapshot Snapshot(string id) => new()
    {
        Id = id,
        AccountId = "acc_1",
        Status = KeyStatus.Active,
        IpAllowlist = [],
        PhoneNumberIds = [],
        RateLimits = [],
        Quotas = [],
        SecretHash = new byte[32],
        LoadedAtTimestamp = _clock.GetTimestamp(),
    };
}
