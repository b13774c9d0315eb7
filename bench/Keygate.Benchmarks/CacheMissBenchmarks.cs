using BenchmarkDotNet.Attributes;
using Keygate.Authentication;
using Keygate.Storage;
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
    private BenchmarkDatabase _database = null!;
    private ServiceProvider _services = null!;
    private VerifiedKeyCache _cache = null!;
    private KeyVerifier _verifier = null!;
    private string _keyId = "";
    private string _secret = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(services => services.AddKeyVerification());
        _services = _database.Services;
        _cache = _services.GetRequiredService<VerifiedKeyCache>();
        _verifier = _services.GetRequiredService<KeyVerifier>();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
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
    public ValueTask CleanupAsync() => _database.DisposeAsync();

    /// <summary>Invalidation is an interlocked increment and a remove: noise beside the query it forces.</summary>
    [Benchmark]
    public async Task<bool> InvalidateThenFindAndCheckSecret()
    {
        _cache.Invalidate(_keyId);
        var key = await _verifier.FindAsync(_keyId, CancellationToken.None);
        return key is not null && KeyVerifier.CheckSecret(key, _secret, _verifier.Now) == KeyCheck.Valid;
    }
}
