using System.Security.Cryptography;
using System.Text;
using Keygate.WhatsApp.Webhooks;

namespace Keygate.WhatsApp.Inbound;

/// <summary>Checks Meta's <c>X-Hub-Signature-256</c> on an inbound event, the same signature Keygate puts on the events it sends.</summary>
internal static class WebhookSignature
{
    public const string Header = WebhookSecret.SignatureHeader;

    public static bool Matches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, string? presented) =>
        presented is { Length: 7 + 64 } && presented.StartsWith("sha256=", StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(WebhookSecret.Signature(secret, body)), Encoding.ASCII.GetBytes(presented.ToLowerInvariant()));
}
