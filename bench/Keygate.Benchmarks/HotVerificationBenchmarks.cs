using System.Net;
using BenchmarkDotNet.Attributes;
using Keygate.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keygate.Benchmarks;

/// <summary>
/// Issue 12's scale target: a cache hit with a million keys in the store costs within 10 % of one with a thousand.
/// Each case seeds a fresh store, loads keys through the verifier until the cache holds as many as it can
/// (all of a small store, <c>Authentication:KeyCache:Capacity</c> of a large one), then verifies a hot set of those
/// keys in turn, with <see cref="KeyVerifier.VerifySecretAsync"/> as request authentication calls it.
/// </summary>
[MemoryDiagnoser]
public class HotVerificationBenchmarks
{
    private static readonly IPAddress Caller = IPAddress.Loopback;
    private BenchmarkDatabase _database = null!;
    private KeyVerifier _verifier = null!;
    private SeededKey[] _hot = [];
    private int _next;

    public static IEnumerable<HotScenario> Scenarios =>
    [
        new(1_000, 1), new(1_000, 1_000), new(1_000_000, 1), new(1_000_000, 1_000), new(1_000_000, 10_000),
    ];

    [ParamsSource(nameof(Scenarios))]
    public HotScenario Scenario { get; set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(services => services.AddKeyVerification());
        var services = _database.Services;
        _verifier = services.GetRequiredService<KeyVerifier>();
        var capacity = services.GetRequiredService<IOptions<KeyCacheOptions>>().Value.Capacity;
        var cached = Math.Min(Scenario.StoreKeys, capacity);
        if (Scenario.HotKeys > cached)
        {
            throw new InvalidOperationException($"{Scenario.HotKeys} hot keys cannot all be cached: the cache holds {cached}.");
        }
        var seeded = await _database.SeedKeysAsync(Scenario.StoreKeys, keep: cached);
        foreach (var key in seeded)
        {
            await _verifier.FindAsync(key.Id, CancellationToken.None);
        }
        var cache = services.GetRequiredService<VerifiedKeyCache>();
        if (cache.Count != cached)
        {
            throw new InvalidOperationException($"The cache holds {cache.Count} keys, not {cached}.");
        }
        // Fresh strings, as a request's header gives them: the cached ids are other instances read from SQLite.
        _hot = [.. seeded.Take(Scenario.HotKeys).Select(k => new SeededKey(new string(k.Id.AsSpan()), new string(k.Secret.AsSpan())))];
        foreach (var _ in _hot)
        {
            if (!VerifyHotKey())
            {
                throw new InvalidOperationException("A hot key did not verify on a cache hit.");
            }
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _database.DisposeAsync();

    [Benchmark]
    public bool VerifyHotKey()
    {
        var key = _hot[_next];
        _next = _next + 1 == _hot.Length ? 0 : _next + 1;
        var verification = _verifier.VerifySecretAsync(key.Id, key.Secret, Caller, CancellationToken.None);
        // A hit completes synchronously; anything else would be measuring a load from the store.
        if (!verification.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("A hot key went to the store.");
        }
        return verification.Result.Succeeded;
    }
}

/// <summary>One case of <see cref="HotVerificationBenchmarks"/>: how many keys the store holds, how many of them are in use.</summary>
public sealed record HotScenario(int StoreKeys, int HotKeys)
{
    public override string ToString() => $"{StoreKeys:N0} stored, {HotKeys:N0} hot";
}
