using System.Collections.Concurrent;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// WhatsApp's customer-service window: a business may send free-form messages to a customer for 24 hours
/// after the customer last wrote to that number; outside it, only templates (Meta's 131047). Remembered
/// in memory, read from history on a miss.
/// </summary>
internal sealed class ConversationWindows(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<(string PhoneNumberId, string WaId), DateTime> _lastInbound = new();

    public async ValueTask<bool> IsOpenAsync(string phoneNumberId, string waId, CancellationToken cancellationToken)
    {
        if (!_lastInbound.TryGetValue((phoneNumberId, waId), out var last))
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            last = await db.Messages
                .Where(m => m.PhoneNumberId == phoneNumberId && m.Counterpart == waId && m.Direction == MessageDirection.Inbound)
                .OrderByDescending(m => m.CreatedAt).Select(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            Remember(phoneNumberId, waId, last);
        }
        return time.GetUtcNow().UtcDateTime - last < Length;
    }

    public void CustomerWrote(string phoneNumberId, string waId, DateTime at) => Remember(phoneNumberId, waId, at);

    private void Remember(string phoneNumberId, string waId, DateTime at)
    {
        if (_lastInbound.Count >= MaxRemembered)
        {
            _lastInbound.Clear();
        }
        _lastInbound.AddOrUpdate((phoneNumberId, waId), at, (_, known) => known > at ? known : at);
    }
}
