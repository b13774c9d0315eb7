using Keygate.Authorization;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Audit;

/// <summary><c>GET /v1/audit/verify</c>: checks the caller's account's chain from its first entry to its head.</summary>
internal static class VerifyAuditChain
{
    public static async Task<Ok<AuditVerification>> HandleAsync(HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var head = await db.AuditChains.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId, cancellationToken);
        var entries = db.AuditEvents.AsNoTracking().Where(e => e.AccountId == accountId);
        if (head is not null)
        {
            // Head first, then only the entries it covers: appends that commit meanwhile are left for the next check
            // rather than mistaken for a chain that runs past its head.
            entries = entries.Where(e => e.Sequence <= head.LastSequence);
        }
        return TypedResults.Ok(await AuditChainCheck.VerifyAsync(entries.OrderBy(e => e.Sequence).AsAsyncEnumerable(), head, cancellationToken));
    }
}
