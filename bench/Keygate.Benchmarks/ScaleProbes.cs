using System.Diagnostics;
using System.Globalization;
using System.Net;
using Keygate.Authentication;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keygate.Benchmarks;

/// <summary>
/// Issue 12's scale figures that BenchmarkDotNet cannot give: the latency distribution of single cold verifications
/// (its percentiles are of iteration means), the process's memory with the key cache full, and the cost of the one
/// request whose load overflows the cache. Run as <c>-- scale hot|cold|memory|evict [--keys N] [--capacity N] [--samples N]</c>, and
/// the ratio that <see cref="HotVerificationBenchmarks"/> cannot settle on a noisy machine: a thousand keys against a million, alternated in one process.
/// </summary>
internal static class ScaleProbes
{
    private static readonly IPAddress Caller = IPAddress.Loopback;

    public static async Task RunAsync(string[] args)
    {
        var keys = Option(args, "--keys", 1_000_000);
        var capacity = Option(args, "--capacity", new KeyCacheOptions().Capacity);
        var samples = Option(args, "--samples", 10_000);
        Console.WriteLine($"// {args.FirstOrDefault()} on .NET {Environment.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        switch (args.FirstOrDefault())
        {
            case "hot":
                await HotAsync(Option(args, "--rounds", 15), Option(args, "--batch", 200_000));
                break;
            case "cold":
                await ColdAsync(keys, samples, capacity);
                break;
            case "memory":
                await MemoryAsync(keys, capacity);
                break;
            case "evict":
                Evict(capacity);
                break;
            default:
                Console.WriteLine("usage: scale hot|cold|memory|evict [--keys N] [--capacity N] [--samples N] [--rounds N] [--batch N]");
                break;
        }
    }

    /// <summary>
    /// Cache hits on a store of a thousand keys and on one of a million (each cache filled from its store), in alternating
    /// batches of <paramref name="batch"/>, the order swapped every round: the per-round ratio cancels the machine's drift.
    /// </summary>
    private static async Task HotAsync(int rounds, int batch)
    {
        await using var small = await HotStore.CreateAsync(1_000);
        await using var large = await HotStore.CreateAsync(1_000_000);
        (string Label, HotStore Store, int Hot, HotStore Versus, int VersusHot)[] pairs =
        [
            ("1 hot key", large, 1, small, 1),
            ("1,000 hot keys", large, 1_000, small, 1_000),
            ($"{large.Cached:N0} hot keys against 1,000, both at 1,000,000", large, large.Cached, large, 1_000),
        ];
        var samples = pairs.Select(_ => new List<(double Measured, double Versus)>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var p = 0; p < pairs.Length; p++)
            {
                var (_, store, hot, versus, versusHot) = pairs[p];
                double measured, baseline;
                if (round % 2 == 0)
                {
                    measured = NanosPerHit(store, hot, batch);
                    baseline = NanosPerHit(versus, versusHot, batch);
                }
                else
                {
                    baseline = NanosPerHit(versus, versusHot, batch);
                    measured = NanosPerHit(store, hot, batch);
                }
                samples[p].Add((measured, baseline));
            }
        }
        for (var p = 0; p < pairs.Length; p++)
        {
            double Median(IEnumerable<double> values) => values.Order().ElementAt(rounds / 2);
            var ratios = samples[p].Select(s => s.Measured / s.Versus).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pairs[p].Label}: {Median(samples[p].Select(s => s.Measured)):F0} ns against {Median(samples[p].Select(s => s.Versus)):F0} ns; "
                + $"ratio per round: median {ratios[rounds / 2]:F3}, range {ratios[0]:F3}-{ratios[^1]:F3} over {rounds} rounds of {batch:N0}"));
        }
    }

    private static double NanosPerHit(HotStore store, int hot, int batch)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < batch; i++)
        {
            store.VerifyNext(hot);
        }
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / batch;
    }

    /// <summary>Each of <paramref name="samples"/> keys, in random order, invalidated and then verified: a load from SQLite and the secret check.</summary>
    private static async Task ColdAsync(int keys, int samples, int capacity)
    {
        var recorder = StatementRecorder.Start();
        await using var database = await DatabaseAsync(capacity);
        var seeded = await database.SeedKeysAsync(keys, keep: samples);
        using (recorder)
        {
            await ExplainAsync(database, recorder, seeded[^1]);
        }
        var verifier = database.Services.GetRequiredService<KeyVerifier>();
        var cache = database.Services.GetRequiredService<VerifiedKeyCache>();
        Random.Shared.Shuffle(seeded);
        var ticks = new long[seeded.Length];
        var cpu = new List<long>(seeded.Length);
        // The first pass warms the JIT and EF's query cache; only the second is recorded.
        var collections = 0;
        var paused = TimeSpan.Zero;
        for (var pass = 0; pass < 2; pass++)
        {
            (collections, paused) = (GC.CollectionCount(0), GC.GetTotalPauseDuration());
            cpu.Clear();
            for (var i = 0; i < seeded.Length; i++)
            {
                cache.Invalidate(seeded[i].Id);
                var thread = Environment.CurrentManagedThreadId;
                var cpuStarted = ThreadCpu.Nanoseconds();
                var started = Stopwatch.GetTimestamp();
                var verification = await verifier.VerifySecretAsync(seeded[i].Id, seeded[i].Secret.AsMemory(), Caller, CancellationToken.None);
                ticks[i] = Stopwatch.GetTimestamp() - started;
                // SQLite's async calls complete synchronously, so the thread rarely changes; when it does, its CPU time says nothing.
                if (thread == Environment.CurrentManagedThreadId)
                {
                    cpu.Add(ThreadCpu.Nanoseconds() - cpuStarted);
                }
                if (!verification.Succeeded)
                {
                    throw new InvalidOperationException("A seeded key did not verify.");
                }
            }
        }
        Report($"cold verification, {keys:N0} keys in the store, {seeded.Length:N0} random keys, wall clock", ticks);
        Report("the same, the verifying thread's CPU time", [.. cpu.Select(ns => ns * Stopwatch.Frequency / 1_000_000_000)]);
        Console.WriteLine($"garbage collections during it: {GC.CollectionCount(0) - collections} (gen 2: {GC.CollectionCount(2)} in all), paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms");
    }

    /// <summary>Loads <paramref name="capacity"/> keys, then a fifth more, through the verifier; the memory when full and the count at every step.</summary>
    private static async Task MemoryAsync(int keys, int capacity)
    {
        await using var database = await DatabaseAsync(capacity);
        var overflow = capacity / 5;
        var seeded = await database.SeedKeysAsync(keys, keep: capacity + overflow);
        var verifier = database.Services.GetRequiredService<KeyVerifier>();
        var cache = database.Services.GetRequiredService<VerifiedKeyCache>();
        // Warm the JIT and EF's query cache, then empty the cache again, so the baseline holds everything but the entries.
        foreach (var key in seeded.Take(100))
        {
            await verifier.VerifySecretAsync(key.Id, key.Secret.AsMemory(), Caller, CancellationToken.None);
            cache.Invalidate(key.Id);
        }
        var before = Memory("empty cache");
        var ticks = new long[seeded.Length];
        var largest = 0;
        for (var i = 0; i < seeded.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var verification = await verifier.VerifySecretAsync(seeded[i].Id, seeded[i].Secret.AsMemory(), Caller, CancellationToken.None);
            ticks[i] = Stopwatch.GetTimestamp() - started;
            if (!verification.Succeeded)
            {
                throw new InvalidOperationException("A seeded key did not verify.");
            }
            largest = Math.Max(largest, cache.Count);
            if (i + 1 == capacity)
            {
                var full = Memory($"full, {cache.Count:N0} keys cached");
                Console.WriteLine($"managed heap per cached key: {(full - before) / (double)cache.Count:N0} B");
            }
        }
        Memory($"after {overflow:N0} more loads, {cache.Count:N0} keys cached");
        Console.WriteLine($"capacity {capacity:N0}: largest count seen {largest:N0}; last key loaded still cached: {cache.TryGet(seeded[^1].Id, out _)}");
        Report($"the {overflow:N0} loads past capacity (each a cold verification that also evicts the oldest load)", ticks[capacity..]);
    }

    /// <summary>
    /// The cache alone, without SQLite: fills it to <paramref name="capacity"/> and adds half as many again, timing every
    /// add, so that the adds which overflow the cache stand out.
    /// </summary>
    private static void Evict(int capacity)
    {
        var cache = new VerifiedKeyCache(Options.Create(new KeyCacheOptions { Capacity = capacity, TimeToLiveSeconds = int.MaxValue }),
            TimeProvider.System, new InProcessChangeNotifier());
        var now = DateTime.UtcNow;
        var snapshots = Enumerable.Range(0, capacity + capacity / 2)
            .Select(i => KeySnapshot.From(BenchmarkKeys.NewKey("acc_bench", now, out _), TimeProvider.System.GetTimestamp()))
            .ToArray();
        var ticks = new long[snapshots.Length];
        for (var i = 0; i < snapshots.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            cache.Add(snapshots[i], cache.Generation);
            ticks[i] = Stopwatch.GetTimestamp() - started;
        }
        Console.WriteLine($"capacity {capacity:N0}: {snapshots.Length:N0} adds, {cache.Count:N0} cached at the end, last add cached: {cache.TryGet(snapshots[^1].Id, out _)}");
        Report("adds past capacity", ticks[capacity..]);
    }

    private static Task<BenchmarkDatabase> DatabaseAsync(int capacity) => BenchmarkDatabase.CreateAsync(services => services
        .AddKeyVerification()
        .Configure<KeyCacheOptions>(options => options.Capacity = capacity));

    /// <summary>SQLite's plan for each statement a cold verification sends, as EF's diagnostics report them.</summary>
    private static async Task ExplainAsync(BenchmarkDatabase database, StatementRecorder recorder, SeededKey key)
    {
        database.Services.GetRequiredService<VerifiedKeyCache>().Invalidate(key.Id);
        var statements = await recorder.CaptureAsync(() =>
            database.Services.GetRequiredService<KeyVerifier>().VerifySecretAsync(key.Id, key.Secret.AsMemory(), Caller, CancellationToken.None).AsTask());
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        foreach (var sql in statements)
        {
            // SQLite plans a statement whose parameters are unbound as well as a bound one.
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(reader.GetOrdinal("detail")));
                }
            }
            Console.WriteLine($"{sql.ReplaceLineEndings(" ").Trim()}\n  plan: {string.Join("; ", plan)}");
        }
    }

    private static long Memory(string label)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"{label}: managed heap {heap / 1048576.0:N1} MiB, working set {process.WorkingSet64 / 1048576.0:N1} MiB");
        return heap;
    }

    private static void Report(string label, long[] ticks)
    {
        var sorted = ticks.Order().ToArray();
        double Micros(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
        double At(double q) => Micros(sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: n={sorted.Length:N0} mean={Micros((long)sorted.Average()):F1} µs p50={At(0.50):F1} p90={At(0.90):F1} p99={At(0.99):F1} p99.9={At(0.999):F1} max={Micros(sorted[^1]):F1} µs"));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
