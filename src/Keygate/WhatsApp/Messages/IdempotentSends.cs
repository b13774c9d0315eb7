using System.Security.Cryptography;
using System.Text;
using Keygate.Storage;
using Keygate.WhatsApp.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// The <c>Idempotency-Key</c> of sends, kept per API key for 24 hours: the first request with a key claims it, and its
/// answer (status and body) is stored under it for every retry with that key and body to receive instead of a second
/// send. The claim is an insert the primary key turns away, so of two concurrent first requests (on any node) one sends.
/// Only a request that passed Keygate's checks claims a key: a refused one stores nothing and may be retried as it is.
/// </summary>
internal sealed class IdempotentSends(IServiceScopeFactory scopes, IOptions<MetaOptions> options, TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);
    private long _nextPurgeTicks;

    /// <summary>The request's key: none, one (printable ASCII, at most 255 characters), or an invalid header.</summary>
    public static (string? Key, bool Invalid) KeyOf(HttpRequest request)
    {
        var values = request.Headers[Header];
        if (values.Count == 0)
        {
            return (null, false);
        }
        var key = values.Count == 1 ? values[0] : null;
        return key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~') && !string.IsNullOrWhiteSpace(key)
            ? (key, false)
            : (null, true);
    }

    /// <summary>Which request a key was first used for: the number it was sent through and its body as written.</summary>
    public static string Hash(string phoneNumberId, string body) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phoneNumberId + "\n" + body)));

    public async Task<IdempotencyClaim> ClaimAsync(string scope, string key, string requestHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await PurgeExpiredAsync(db, now, cancellationToken);
        // A use of this key older than its lifetime is no use: it gives way to this one.
        await db.IdempotentSends.Where(s => s.Scope == scope && s.Key == key && s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var expiresAt = now + Lifetime;
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "IdempotentSends" ("Scope", "Key", "RequestHash", "Status", "Body", "CreatedAt", "ExpiresAt")
            VALUES ({scope}, {key}, {requestHash}, NULL, NULL, {now}, {expiresAt})
            ON CONFLICT ("Scope", "Key") DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            return new IdempotencyClaim(IdempotencyState.Claimed, new IdempotencyTicket(scope, key));
        }
        var first = await db.IdempotentSends.AsNoTracking().FirstOrDefaultAsync(s => s.Scope == scope && s.Key == key, cancellationToken);
        return first switch
        {
            // Released between the insert and the read (its request was refused): the client may simply retry.
            null => new IdempotencyClaim(IdempotencyState.InFlight),
            _ when first.RequestHash != requestHash => new IdempotencyClaim(IdempotencyState.Reused),
            { Status: { } status } => new IdempotencyClaim(IdempotencyState.Answered, Status: status, Body: first.Body),
            // No send outlives its time limit: past it, the node that made the send stopped before it could store the answer.
            _ when now - first.CreatedAt > SendLifetime => new IdempotencyClaim(IdempotencyState.Abandoned),
            _ => new IdempotencyClaim(IdempotencyState.InFlight),
        };
    }

    /// <summary>Stores the answer the key's retries will get.</summary>
    public async Task CompleteAsync(IdempotencyTicket ticket, MetaAnswer answer)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await db.IdempotentSends.Where(s => s.Scope == ticket.Scope && s.Key == ticket.Key)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, answer.Status).SetProperty(r => r.Body, answer.Body));
    }

    /// <summary>Gives the key back: nothing was sent under it (refused by Keygate, or Meta never reached).</summary>
    public async Task ReleaseAsync(IdempotencyTicket ticket)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await db.IdempotentSends.Where(s => s.Scope == ticket.Scope && s.Key == ticket.Key && s.Status == null).ExecuteDeleteAsync();
    }

    private TimeSpan SendLifetime => TimeSpan.FromSeconds(options.Value.AttemptTimeoutSeconds + options.Value.SendTimeoutSeconds) + TimeSpan.FromMinutes(1);

    /// <summary>Expired keys go with the sends that claim keys, at most once a minute per node: no table grows past a day of them.</summary>
    private async Task PurgeExpiredAsync(KeygateDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextPurgeTicks);
        if (now.Ticks < due || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).Ticks, due) != due)
        {
            return;
        }
        await db.IdempotentSends.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
