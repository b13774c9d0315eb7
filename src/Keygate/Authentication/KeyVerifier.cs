using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Keygate.Coordination;
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

/// <summary>What verifying a credential found: the key it named (when real, even if refused) and why it was refused.</summary>
internal readonly record struct Verification(KeySnapshot? Key, AuthenticationFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>
/// The one verification path, shared by request authentication and <c>POST /v1/keys/verify</c> so the two can
/// never disagree: find the key (cache, then store), match the secret (current, or previous within its grace
/// period) or the signature, then status and expiry, the signing requirement, the guessing lock and the IP
/// allowlist. The order is fixed so that nothing about a key is revealed before its secret matched.
/// </summary>
internal sealed class KeyVerifier(VerifiedKeyCache cache, IServiceScopeFactory scopes, SecretProtector protector, INonceStore nonces,
    IMisuseState misuse, KeyVerificationMetrics metrics, TimeProvider time) : IKeyVerifier
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Completes synchronously, without allocating, on a cache hit.</summary>
    public ValueTask<KeySnapshot?> FindAsync(string keyId, CancellationToken cancellationToken) => FindAsync(keyId, out _, cancellationToken);

    /// <summary>As <see cref="FindAsync(string, CancellationToken)"/>; <paramref name="cached"/> is false when the store was asked.</summary>
    private ValueTask<KeySnapshot?> FindAsync(string keyId, out bool cached, CancellationToken cancellationToken)
    {
        cached = true;
        if (cache.TryGet(keyId, out var key))
        {
            return ValueTask.FromResult<KeySnapshot?>(key);
        }
        if (cache.IsKnownUnknown(keyId))
        {
            return ValueTask.FromResult<KeySnapshot?>(null);
        }
        cached = false;
        return LoadAsync(keyId, cancellationToken);
    }

    public async ValueTask<Verification> VerifySecretAsync(string keyId, ReadOnlyMemory<char> secret, IPAddress? address, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var key = await FindAsync(keyId, out var cached, cancellationToken);
        var verification = key is null ? new(null, AuthenticationFailure.Invalid) : VerifySecret(key, secret.Span, address);
        metrics.Verified(started, cached, verification);
        return verification;
    }

    /// <summary>A key id with its plain secret, from any credential form but the signed one.</summary>
    public Verification VerifySecret(KeySnapshot key, ReadOnlySpan<char> secret, IPAddress? address)
    {
        var check = CheckSecret(key, secret, Now);
        if (check is KeyCheck.InvalidCredentials)
        {
            // Only wrong secrets are refused by the lock: the key's holder, with the right one, is never locked out.
            return new(key, misuse.GuessingLock(key.Id) > TimeSpan.Zero ? AuthenticationFailure.GuessingLocked : AuthenticationFailure.Invalid);
        }
        if (check is not KeyCheck.Valid)
        {
            return new(key, AuthenticationFailure.Of(check));
        }
        // A key that demands signatures is refused its bare secret, on every door.
        return key.Signing is SigningMode.Required ? new(key, AuthenticationFailure.SigningRequired) : Admit(key, address);
    }

    /// <summary>A signed request: <paramref name="canonical"/> reads the request as signed (body included) only once the key is known to sign.</summary>
    public async ValueTask<Verification> VerifySignedAsync(SignedCredentials signed, Func<Task<string>> canonical, IPAddress? address,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var key = await FindAsync(signed.KeyId, out var cached, cancellationToken);
        var verification = await CheckSignedAsync(key, signed, canonical, address, cancellationToken);
        metrics.Verified(started, cached, verification);
        return verification;
    }

    private async ValueTask<Verification> CheckSignedAsync(KeySnapshot? key, SignedCredentials signed, Func<Task<string>> canonical, IPAddress? address,
        CancellationToken cancellationToken)
    {
        // A key that does not accept signing keeps no secret to check a signature with: answered as unknown.
        if (key?.EncryptedSecret is null || key.Signing is SigningMode.Off)
        {
            return new(key, AuthenticationFailure.Invalid);
        }
        var now = Now;
        var text = await canonical();
        var matches = SignatureMatches(key.EncryptedSecret, key.Id, text, signed.Signature)
            | (key.PreviousSecretValid(now) && key.PreviousEncryptedSecret is { } previous
               && SignatureMatches(previous, key.Id, text, signed.Signature));
        if (!matches)
        {
            return new(key, AuthenticationFailure.Invalid);
        }
        var status = CheckStatus(key, now);
        if (status is not KeyCheck.Valid)
        {
            return new(key, AuthenticationFailure.Of(status));
        }
        var skew = Math.Abs(new DateTimeOffset(now).ToUnixTimeSeconds() - signed.Timestamp);
        if (skew > RequestSignature.AllowedSkewSeconds)
        {
            return new(key, AuthenticationFailure.StaleTimestamp);
        }
        var admitted = Admit(key, address);
        if (!admitted.Succeeded)
        {
            return admitted;
        }
        // Last, so that a request refused for any other reason does not burn its nonce.
        var fresh = await nonces.TryUseAsync(key.Id, signed.Nonce, TimeSpan.FromSeconds(2 * RequestSignature.AllowedSkewSeconds), cancellationToken);
        return fresh ? admitted : new(key, AuthenticationFailure.ReplayedNonce);
    }

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

    private static Verification Admit(KeySnapshot key, IPAddress? address) =>
        key.AllowsAddress(address) ? new(key, null) : new(key, AuthenticationFailure.IpNotAllowed);

    private bool SignatureMatches(byte[] encryptedSecret, string keyId, string canonical, byte[] presented)
    {
        var secret = protector.Decrypt(encryptedSecret, keyId);
        try
        {
            return RequestSignature.Verify(secret, canonical, presented);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>
    /// A cache miss's one statement: the key with its account. Everything but the labels, which live in a table of their
    /// own (loading the whole entity joins it and sorts the result), and which no check reads. Compiled, since building
    /// the query's expression on every miss costs more than running it; once per context type, because a compiled
    /// query stays bound to the provider it first ran on (a test process runs SQLite and PostgreSQL hosts side by side).
    /// </summary>
    private static Task<StoredKey?> LoadKeyAsync(KeygateDbContext db, string keyId, CancellationToken cancellationToken) =>
        LoadKeyQueries.GetOrAdd(db.GetType(), static _ => CompileLoadKey())(db, keyId, cancellationToken);

    private static readonly ConcurrentDictionary<Type, Func<KeygateDbContext, string, CancellationToken, Task<StoredKey?>>> LoadKeyQueries = new();

    private static Func<KeygateDbContext, string, CancellationToken, Task<StoredKey?>> CompileLoadKey() =>
        EF.CompileAsyncQuery((KeygateDbContext db, string keyId, CancellationToken _) => db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == keyId)
            .Join(db.Accounts, k => k.AccountId, a => a.Id, (k, a) => new StoredKey(new ApiKey
            {
                Id = k.Id,
                AccountId = k.AccountId,
                Name = k.Name,
                Environment = k.Environment,
                Status = k.Status,
                Permissions = k.Permissions,
                PhoneNumberIds = k.PhoneNumberIds,
                IpAllowlist = k.IpAllowlist,
                RateLimits = k.RateLimits,
                Quotas = k.Quotas,
                ExpiresAt = k.ExpiresAt,
                Signing = k.Signing,
                MisusePolicy = k.MisusePolicy,
                Metadata = k.Metadata,
                SecretHash = k.SecretHash,
                SecretHint = k.SecretHint,
                EncryptedSecret = k.EncryptedSecret,
                PreviousSecretHash = k.PreviousSecretHash,
                PreviousEncryptedSecret = k.PreviousEncryptedSecret,
                PreviousSecretExpiresAt = k.PreviousSecretExpiresAt,
            }, a))
            .FirstOrDefault());

    private sealed record StoredKey(ApiKey Key, IAccountLimits Account);

    private async ValueTask<KeySnapshot?> LoadAsync(string keyId, CancellationToken cancellationToken)
    {
        var generation = cache.Generation;
        var started = time.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        if (await LoadKeyAsync(db, keyId, cancellationToken) is not { } stored)
        {
            cache.AddUnknown(keyId, generation);
            metrics.Loaded(found: false, time.GetElapsedTime(started));
            return null;
        }
        var snapshot = KeySnapshot.From(stored.Key, time.GetTimestamp(), stored.Account);
        cache.Add(snapshot, generation);
        metrics.Loaded(found: true, time.GetElapsedTime(started));
        return snapshot;
    }
}
