using System.Collections.Concurrent;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>Phone numbers by id, kept in memory: every send looks its number up, and numbers rarely change.</summary>
internal sealed class PhoneNumberDirectory(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<string, PhoneNumber> _numbers = new(StringComparer.Ordinal);

    /// <summary>The account's number with this id, or null: another account's number is as absent as a made-up one.</summary>
    public async ValueTask<PhoneNumber?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        if (!_numbers.TryGetValue(id, out var number))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
            if (number is null)
            {
                return null;
            }
            _numbers[id] = number;
        }
        return number.AccountId == accountId ? number : null;
    }

    public void Changed(string id) => _numbers.TryRemove(id, out _);
}
