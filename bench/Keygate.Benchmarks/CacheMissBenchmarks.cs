using BenchmarkDotNet.Attributes;
using Keygate.Authentication;
using Keygate.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.Benchmarks;

/// <summary>
/// The first call with a key on a node, or the first after it changed: the key is read from SQLite through
/// the pooled DbContext. This is what a just-changed key costs and what the cache saves; an unknown key id
/// pays about the same, since the same query runs and misses are not cached.
/// </summary>
[MemoryDiagnoser]
public class CacheMissBenchmarks
{
    private string _dataDirectory = "";
    private ServiceProvider _services = null!;
    private VerifiedKeyCache _cache = null!;
    private KeyVerifier _verifier = null!;
    private string _keyId = "";
    private string _secret = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // A fresh database per run, so nothing left by an earlier run (or by the host) is measured.
        _dataDirectory = Path.Combine(Path.GetTempPath(), "keygate-bench-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:DataDirectory"] = _dataDirectory })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddKeyVerification();
        // Storage binds its options from the IConfiguration in the container, as in the host.
        services.AddKeygateStorage();
        _services = services.BuildServiceProvider();
        _cache = _services.GetRequiredService<VerifiedKeyCache>();
        _verifier = _services.GetRequiredService<KeyVerifier>();

        Directory.CreateDirectory(_dataDirectory);
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            await db.Database.MigrateAsync();
            var account = BenchmarkKeys.NewAccount(_verifier.Now);
            var key = BenchmarkKeys.NewKey(account.Id, _verifier.Now, out _secret);
            db.Accounts.Add(account);
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
            _keyId = key.Id;
        }

        if (!await InvalidateThenFindAndCheckSecret())
        {
            throw new InvalidOperationException("The key read back from SQLite did not check as Valid.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        // Pooled connections keep the file open; release them so the directory can go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>Invalidation is an interlocked increment and a remove: noise beside the query it forces.</summary>
    [Benchmark]
    public async Task<bool> InvalidateThenFindAndCheckSecret()
    {
        _cache.Invalidate(_keyId);
        var key = await _verifier.FindAsync(_keyId, CancellationToken.None);
        return key is not null && KeyVerifier.CheckSecret(key, _secret, _verifier.Now) == KeyCheck.Valid;
    }
}
