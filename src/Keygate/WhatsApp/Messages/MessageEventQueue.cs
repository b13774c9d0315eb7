using Keygate.Storage;
using Keygate.Webhooks;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Queues the webhook events of one history batch, in the batch's own transaction: an event is never
/// sent for a change that was not stored, nor lost for one that was.
/// </summary>
internal sealed class MessageEventQueue(KeygateDbContext db, WebhookPublisher publisher)
{
    private readonly Dictionary<string, PhoneNumber?> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _subscribed = new(StringComparer.Ordinal);
    private bool? _anySubscription;

    public async Task InboundAsync(Message message)
    {
        if (await SubscribedAsync(message.AccountId) && await BuiltHereAsync(message.PhoneNumberId) is { } number)
        {
            await publisher.QueueAsync(message.AccountId, WebhookEvents.Messages, number.Id, MessageEvents.Inbound(number, message), CancellationToken.None);
        }
    }

    public async Task StatusAsync(MessageLog.StatusUpdate update)
    {
        if (!await AnySubscriptionAsync())
        {
            return;
        }
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == update.MessageId);
        // Meta tells statuses of the business's own messages only: a customer's message marked read is no event.
        if (message is { Direction: MessageDirection.Outbound } && await SubscribedAsync(message.AccountId) && await BuiltHereAsync(message.PhoneNumberId) is { } number)
        {
            await publisher.QueueAsync(message.AccountId, WebhookEvents.Statuses, number.Id, MessageEvents.Status(number, message, update), CancellationToken.None);
        }
    }

    /// <summary>Whether any account has a subscription at all: with none, a status needs no lookup to be told to nobody.</summary>
    private async Task<bool> AnySubscriptionAsync() => _anySubscription ??= await publisher.HasSubscribersAsync(null, CancellationToken.None);

    /// <summary>Most accounts have no subscription: one question per account per batch spares each event its lookups.</summary>
    private async Task<bool> SubscribedAsync(string accountId)
    {
        if (!_subscribed.TryGetValue(accountId, out var subscribed))
        {
            _subscribed[accountId] = subscribed = await publisher.HasSubscribersAsync(accountId, CancellationToken.None);
        }
        return subscribed;
    }

    /// <summary>
    /// The number, when its events are built here. A real number's events are Meta's own, forwarded as Meta sent
    /// them (with fields history does not keep), so none is built for it: not even for a status Keygate records itself.
    /// </summary>
    private async Task<PhoneNumber?> BuiltHereAsync(string id)
    {
        if (!_numbers.TryGetValue(id, out var number))
        {
            _numbers[id] = number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.Provider != PhoneNumberProvider.Meta);
        }
        return number;
    }
}
