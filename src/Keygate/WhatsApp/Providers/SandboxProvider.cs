using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// The built-in WhatsApp upstream: accepts a message, stores it, and lets <see cref="SandboxStatusPump"/>
/// deliver it. Every non-production key sends through it, whatever the number.
/// </summary>
internal sealed class SandboxProvider(MessageLog log, SandboxStatusPump statuses, TimeProvider time)
{
    public async Task<string> SendAsync(PhoneNumber number, string? keyId, OutgoingMessage message)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var wamid = Wamids.New();
        await log.AddAsync(new Message
        {
            Id = wamid,
            AccountId = number.AccountId,
            PhoneNumberId = number.Id,
            KeyId = keyId,
            Direction = MessageDirection.Outbound,
            Counterpart = message.WaId,
            Type = message.Type,
            TemplateName = message.Template?.Name,
            Content = message.Content.GetRawText(),
            Status = MessageState.Accepted,
            CreatedAt = now,
            UpdatedAt = now,
            Timeline = [new MessageStatusChange { MessageId = wamid, Status = MessageState.Accepted, At = now }],
        });
        statuses.Schedule(wamid, message.WaId);
        return wamid;
    }
}
