using System.Security.Cryptography;
using System.Text;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// What a status built by Keygate (the sandbox's) carries besides the status itself, as Meta's statuses do: the
/// pricing category with its conversation, and the sender's <c>biz_opaque_callback_data</c>. Told to subscribers,
/// not kept in history.
/// </summary>
internal sealed record StatusExtras(string? Category, string? ConversationId, DateTime? ConversationExpires, string? CallbackData)
{
    /// <summary>A priced message's extras; its conversation id is derived from the wamid, so every status of it names the same one.</summary>
    public static StatusExtras Priced(string category, string wamid, DateTime sentAt, string? callbackData) =>
        new(category, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(wamid)))[..32], sentAt + ConversationWindows.Length, callbackData);
}
