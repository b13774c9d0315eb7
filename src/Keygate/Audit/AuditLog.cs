using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Audit;

/// <summary>
/// Appends to an account's chain in the same transaction as the change it records: both land, or neither.
/// Every audited operation saves through <see cref="SaveWithAuditAsync"/> instead of <c>SaveChangesAsync</c>.
/// </summary>
internal sealed class AuditLog(TimeProvider time)
{
    /// <summary>
    /// Saves the context's pending changes (there may be none, as for a failed login) and the entry that records them.
    /// An operation that must read and decide inside the transaction (the last owner of an account) opens it first;
    /// the entry then joins it, and the operation commits.
    /// </summary>
    public async Task SaveWithAuditAsync(KeygateDbContext db, AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // The change first: its write holds SQLite's database lock (its row locks on PostgreSQL) until commit,
        // and a failure such as a stale version leaves the chain untouched.
        await db.SaveChangesAsync(cancellationToken);

        // Bumping the head is the step that serializes appenders per account: the next one waits on this row,
        // then reads a sequence and previous hash that this transaction has already committed.
        var head = await ClaimNextAsync(db, entry.AccountId, cancellationToken);
        var record = new AuditEvent
        {
            AccountId = entry.AccountId,
            Sequence = head.LastSequence,
            Type = entry.Type,
            ActorType = entry.ActorType,
            ActorId = entry.ActorId,
            OccurredAt = AuditHash.Truncate(time.GetUtcNow().UtcDateTime),
            SourceAddress = entry.SourceAddress,
            TargetType = entry.TargetType,
            TargetId = entry.TargetId,
            Changes = entry.Changes?.ToJsonString(),
            PreviousHash = head.LastHash,
        };
        record.Hash = AuditHash.Of(record);
        db.AuditEvents.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        await db.AuditChains.Where(c => c.AccountId == entry.AccountId)
            .ExecuteUpdateAsync(c => c.SetProperty(h => h.LastHash, record.Hash), cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Advances the head by one and returns it: the new entry's sequence, and the hash of the entry before it.</summary>
    private static async Task<AuditChain> ClaimNextAsync(KeygateDbContext db, string accountId, CancellationToken cancellationToken)
    {
        if (await BumpAsync(db, accountId, cancellationToken) == 0)
        {
            // No head: the system chain's first use, or an account created before the audit trail existed.
            // ON CONFLICT keeps a concurrent first append (possible on PostgreSQL) from failing.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"AuditChains\" (\"AccountId\", \"LastSequence\", \"LastHash\") VALUES ({accountId}, 0, {AuditHash.Genesis}) ON CONFLICT DO NOTHING",
                cancellationToken);
            await BumpAsync(db, accountId, cancellationToken);
        }
        // Not tracked: a head added earlier in this context (a new account's) would otherwise come back with its stale values.
        return await db.AuditChains.AsNoTracking().SingleAsync(c => c.AccountId == accountId, cancellationToken);
    }

    private static Task<int> BumpAsync(KeygateDbContext db, string accountId, CancellationToken cancellationToken) =>
        db.AuditChains.Where(c => c.AccountId == accountId)
            .ExecuteUpdateAsync(c => c.SetProperty(h => h.LastSequence, h => h.LastSequence + 1), cancellationToken);
}
