using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Authentication;

internal enum KeyCheck
{
    Valid,
    /// <summary>Unknown key or wrong secret: one answer for both.</summary>
    InvalidCredentials,
    Revoked,
    Disabled,
    Expired,
}

/// <summary>
/// The verification path shared by request authentication and <c>POST /v1/keys/verify</c>:
/// find the key (cache, then store), match the secret (current, or previous within its grace period),
/// then the status. The order is fixed so that nothing about a key is revealed before its secret matched.
/// </summary>
internal sealed class KeyVerifier(VerifiedKeyCache cache, IServiceScopeFactory scopes, TimeProvider time)
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Completes synchronously, without allocating, on a cache hit.</summary>
    public ValueTask<KeySnapshot?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        cache.TryGet(keyId, out var cached) ? ValueTask.FromResult<KeySnapshot?>(cached)
        : cache.IsKnownUnknown(keyId) ? ValueTask.FromResult<KeySnapshot?>(null)
        : LoadAsync(keyId, cancellationToken);

    public static KeyCheck CheckSecret(KeySnapshot key, ReadOnlySpan<char> secret, DateTime now)
    {
        // Both hashes are compared whatever the first answer, so timing does not tell which secret matched.
        var current = SecretHash.Matches(secret, key.SecretHash);
        var previous = key.PreviousSecretValid(now) && SecretHash.Matches(secret, key.PreviousSecretHash);
        return current | previous ? CheckStatus(key, now) : KeyCheck.InvalidCredentials;
    }

    public static KeyCheck CheckStatus(KeySnapshot key, DateTime now) => key.Status switch
    {
        KeyStatus.Revoked => KeyCheck.Revoked,
        KeyStatus.Disabled => KeyCheck.Disabled,
        _ when key.ExpiresAt <= now => KeyCheck.Expired,
        _ => KeyCheck.Valid,
    };

    private async ValueTask<KeySnapshot?> LoadAsync(string keyId, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken);
        if (key is null)
        {
            cache.AddUnknown(keyId, generation);
            return null;
        }
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == key.AccountId, cancellationToken);
        var snapshot = KeySnapshot.From(key, time.GetTimestamp(), account);
        cache.Add(snapshot, generation);
        return snapshot;
    }
}
