using Keygate.Authorization;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>The caller's account's numbers, oldest first, the sandbox number among them (made on first use for older accounts).</summary>
internal sealed class ListPhoneNumbers(KeygateDbContext db, TimeProvider time)
{
    public async Task<PhoneNumberResponse[]> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        await SandboxNumbers.EnsureAsync(db, caller.AccountId, time.GetUtcNow().UtcDateTime, cancellationToken);
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(p => p.AccountId == caller.AccountId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        return [.. numbers.Select(PhoneNumberEndpoints.ToResponse)];
    }
}
