using System.Security.Cryptography;
using System.Text;

namespace Keygate.WhatsApp.Inbound;

/// <summary>Meta's <c>X-Hub-Signature-256</c>: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body, keyed with the app secret.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-Hub-Signature-256";

    public static string Sign(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    public static bool Matches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, string? presented)
    {
        if (presented is null || !presented.StartsWith("sha256=", StringComparison.Ordinal) || presented.Length != 7 + 64)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(presented.ToLowerInvariant()));
    }
}
