using Keygate.Authorization;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Audit;

/// <summary>Checks the caller's account's chain from its first entry to its head (<c>GET /v1/audit/verify</c> and the dashboard's Verify button).</summary>
internal sealed class VerifyAuditChain(KeygateDbContext db)
{
    /// <summary>A check that finds a broken chain still succeeds: the verification says where it breaks.</summary>
    public async Task<AuditVerification> VerifyAsync(Caller caller, CancellationToken cancellationToken)
    {
        var accountId = caller.AccountId;
        var head = await db.AuditChains.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId, cancellationToken);
        var entries = db.AuditEvents.AsNoTracking().Where(e => e.AccountId == accountId);
        if (head is not null)
        {
            // Head first, then only the entries it covers: appends that commit meanwhile are left for the next check
            // rather than mistaken for a chain that runs past its head.
            entries = entries.Where(e => e.Sequence <= head.LastSequence);
        }
        return await AuditChainCheck.VerifyAsync(entries.OrderBy(e => e.Sequence).AsAsyncEnumerable(), head, cancellationToken);
    }
}
