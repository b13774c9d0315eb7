using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// WhatsApp's customer-service window: a business may send free-form messages to a customer for 24 hours
/// after the customer last wrote to that number; outside it, only templates (Meta's 131047). Each node hears only
/// some of the customers' messages (the webhooks and sandbox writes it received), so what it remembers is a lower bound
/// of when a customer last wrote: "open" from memory is always right, while "closed" is confirmed from history, whose
/// index on (number, customer, direction, time) finds the newest inbound message in one seek.
/// </summary>
internal sealed class ConversationWindows(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);
    private readonly RecentInbound _recent = new(Length);

    public async ValueTask<bool> IsOpenAsync(string phoneNumberId, string waId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_recent.Opens(phoneNumberId, waId, now))
        {
            return true;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var last = await db.Messages
            .Where(m => m.PhoneNumberId == phoneNumberId && m.Counterpart == waId && m.Direction == MessageDirection.Inbound)
            .OrderByDescending(m => m.CreatedAt).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (last is not { } at)
        {
            return false;
        }
        _recent.Remember(phoneNumberId, waId, at, now);
        return now - at < Length;
    }

    public void CustomerWrote(string phoneNumberId, string waId, DateTime at) => _recent.Remember(phoneNumberId, waId, at, time.GetUtcNow().UtcDateTime);
}
