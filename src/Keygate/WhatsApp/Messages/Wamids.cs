using System.Buffers.Text;
using System.Security.Cryptography;

namespace Keygate.WhatsApp.Messages;

/// <summary>Message ids in Meta's form (<c>wamid.</c> + base64), URL-safe so they can sit in a path.</summary>
internal static class Wamids
{
    public static string New() => "wamid." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    public static bool IsWamid(string? text) => text is { Length: > 6 and <= 100 } && text.StartsWith("wamid.", StringComparison.Ordinal);
}
