using System.Net;
using Keygate.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keygate.Benchmarks;

/// <summary>
/// A seeded store whose keys were loaded through the verifier until the cache holds as many as it can (all of a small
/// store, <c>Authentication:KeyCache:Capacity</c> of a large one): the steady state in which hot keys are verified.
/// </summary>
internal sealed class HotStore : IAsyncDisposable
{
    private static readonly IPAddress Caller = IPAddress.Loopback;
    private readonly BenchmarkDatabase _database;
    private readonly KeyVerifier _verifier;
    private readonly SeededKey[] _cached;
    private int _next;

    private HotStore(BenchmarkDatabase database, KeyVerifier verifier, SeededKey[] cached)
    {
        _database = database;
        _verifier = verifier;
        _cached = cached;
    }

    /// <summary>How many keys are cached, and so the largest hot set.</summary>
    public int Cached => _cached.Length;

    public static async Task<HotStore> CreateAsync(int storeKeys)
    {
        var database = await BenchmarkDatabase.CreateAsync(services => services.AddKeyVerification());
        var services = database.Services;
        var verifier = services.GetRequiredService<KeyVerifier>();
        var capacity = services.GetRequiredService<IOptions<KeyCacheOptions>>().Value.Capacity;
        var seeded = await database.SeedKeysAsync(storeKeys, keep: Math.Min(storeKeys, capacity));
        foreach (var key in seeded)
        {
            await verifier.FindAsync(key.Id, CancellationToken.None);
        }
        var cache = services.GetRequiredService<VerifiedKeyCache>();
        if (cache.Count != seeded.Length)
        {
            throw new InvalidOperationException($"The cache holds {cache.Count} keys, not {seeded.Length}.");
        }
        // Fresh strings, as a request's header gives them: the cached ids are other instances read from SQLite.
        var store = new HotStore(database, verifier, [.. seeded.Select(k => new SeededKey(new string(k.Id.AsSpan()), new string(k.Secret.AsSpan())))]);
        for (var i = 0; i < store.Cached; i++)
        {
            if (!store.VerifyNext(store.Cached))
            {
                throw new InvalidOperationException("A cached key did not verify on a cache hit.");
            }
        }
        return store;
    }

    /// <summary>Verifies the next of the first <paramref name="hotKeys"/> cached keys, as request authentication calls the verifier.</summary>
    public bool VerifyNext(int hotKeys)
    {
        var key = _cached[_next];
        _next = _next + 1 >= hotKeys ? 0 : _next + 1;
        var verification = _verifier.VerifySecretAsync(key.Id, key.Secret.AsMemory(), Caller, CancellationToken.None);
        // A hit completes synchronously; anything else would be measuring a load from the store.
        if (!verification.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("A hot key went to the store.");
        }
        return verification.Result.Succeeded;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
