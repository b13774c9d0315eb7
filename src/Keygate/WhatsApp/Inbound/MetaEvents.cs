using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// Applies Meta's webhook events: inbound messages go into history (once, however often Meta retries),
/// open the 24-hour window and record the sender as a contact; statuses extend the message's timeline.
/// </summary>
internal sealed class MetaEvents(MessageLog log, ConversationWindows windows, ContactBook contacts, IEnumerable<IMetaChangeHandler> handlers)
{
    /// <summary>
    /// Applies each change to the number it names, only when that number is one of <paramref name="signers"/>
    /// (the numbers whose app secret signed the body), and a status only to a message of that number: a
    /// tenant holds its own app secret, so a signature proves nothing about any other tenant's numbers.
    /// A change about the account itself (no phone number) goes to the accounts whose signing numbers belong to its WABA.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<MetaChange> changes, IReadOnlyList<PhoneNumber> signers, CancellationToken cancellationToken)
    {
        foreach (var change in changes)
        {
            if (change.PhoneNumberId is null)
            {
                foreach (var accountId in signers.Where(n => n.WabaId == change.WabaId).Select(n => n.AccountId).Distinct())
                {
                    await HandleAsync(accountId, change, cancellationToken);
                }
                continue;
            }
            if (signers.FirstOrDefault(n => n.Id == change.PhoneNumberId) is not { } number)
            {
                continue;
            }
            foreach (var message in change.Messages)
            {
                await ReceiveAsync(number, message, cancellationToken);
            }
            var owner = new MessageLog.MessageOwner(number.AccountId, number.Id);
            await log.UpdateManyAsync([.. change.Statuses.Select(s => new MessageLog.StatusUpdate(s.Wamid, s.Status, s.At, s.Errors, owner))]);
            await HandleAsync(number.AccountId, change, cancellationToken);
        }
    }

    private async Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken)
    {
        foreach (var handler in handlers)
        {
            await handler.HandleAsync(accountId, change, cancellationToken);
        }
    }

    private async Task ReceiveAsync(PhoneNumber number, InboundMessage message, CancellationToken cancellationToken)
    {
        await log.AddAsync(new Message
        {
            Id = message.Wamid,
            AccountId = number.AccountId,
            PhoneNumberId = number.Id,
            Direction = MessageDirection.Inbound,
            Counterpart = message.From,
            Type = message.Type,
            Content = message.Content,
            Status = MessageState.Received,
            CreatedAt = message.At,
            UpdatedAt = message.At,
            Timeline = [new MessageStatusChange { MessageId = message.Wamid, Status = MessageState.Received, At = message.At }],
        });
        windows.CustomerWrote(number.Id, message.From, message.At);
        await contacts.RecordInboundAsync(number.AccountId, message.From, message.ProfileName, cancellationToken);
    }
}
