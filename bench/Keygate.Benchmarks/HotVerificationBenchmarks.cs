using BenchmarkDotNet.Attributes;

namespace Keygate.Benchmarks;

/// <summary>
/// Issue 12's scale target: a cache hit with a million keys in the store costs within 10 % of one with a thousand.
/// Each case seeds a fresh store and fills the cache from it (<see cref="HotStore"/>), then verifies a hot set of the
/// cached keys in turn. Between processes and minutes this machine's noise exceeds 10 %; <c>scale hot</c>
/// (<see cref="ScaleProbes"/>) alternates the two stores in one process for the ratio itself.
/// </summary>
[MemoryDiagnoser]
public class HotVerificationBenchmarks
{
    private HotStore _store = null!;

    public static IEnumerable<HotScenario> Scenarios =>
    [
        new(1_000, 1), new(1_000, 1_000), new(1_000_000, 1), new(1_000_000, 1_000), new(1_000_000, 10_000),
    ];

    [ParamsSource(nameof(Scenarios))]
    public HotScenario Scenario { get; set; } = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _store = await HotStore.CreateAsync(Scenario.StoreKeys);
        if (Scenario.HotKeys > _store.Cached)
        {
            throw new InvalidOperationException($"{Scenario.HotKeys} hot keys cannot all be cached: the cache holds {_store.Cached}.");
        }
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _store.DisposeAsync();

    [Benchmark]
    public bool VerifyHotKey() => _store.VerifyNext(Scenario.HotKeys);
}

/// <summary>One case of <see cref="HotVerificationBenchmarks"/>: how many keys the store holds, how many of them are in use.</summary>
public sealed record HotScenario(int StoreKeys, int HotKeys)
{
    public override string ToString() => $"{Short(StoreKeys)} stored, {Short(HotKeys)} hot";

    private static string Short(int count) => count >= 1_000_000 ? $"{count / 1_000_000}M" : count >= 1_000 ? $"{count / 1_000}k" : $"{count}";
}
