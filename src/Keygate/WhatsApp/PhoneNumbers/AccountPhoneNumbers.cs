using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

internal sealed class AccountPhoneNumbers(KeygateDbContext db) : IAccountPhoneNumbers
{
    public async Task<IReadOnlyList<string>> UnknownAsync(string accountId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var known = await db.PhoneNumbers.AsNoTracking().Where(p => p.AccountId == accountId && ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        return [.. ids.Except(known, StringComparer.Ordinal)];
    }
}
