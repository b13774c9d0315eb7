using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Providers;

/// <summary>
/// The built-in WhatsApp upstream: accepts a message, stores it, and lets <see cref="SandboxStatusPump"/>
/// deliver it (or fail it, as Meta would). Every non-production key sends through it, whatever the number.
/// </summary>
internal sealed class SandboxProvider(MessageLog log, SandboxStatusPump statuses, TimeProvider time)
{
    public async Task<string> SendAsync(PhoneNumber number, string? keyId, OutgoingMessage message, SandboxDelivery delivery)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var wamid = Wamids.New(now);
        await log.AddAsync(Message.Outbound(wamid, number, keyId, message, now));
        statuses.Schedule(new SandboxStatusPump.Sent(wamid, message.WaId, number.AccountId, keyId), delivery);
        return wamid;
    }
}
