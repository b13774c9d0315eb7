using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Keygate.Webhooks;

namespace Keygate.WhatsApp.Inbound;

/// <summary>Checks Meta's <c>X-Hub-Signature-256</c> on an inbound event, the same signature Keygate puts on the events it sends.</summary>
internal static class WebhookSignature
{
    public const string Header = WebhookSecret.SignatureHeader;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>Whether the header has the signature's shape at all: only then is any secret worth trying.</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? presented) =>
        presented is { Length: 7 + 64 } && presented.StartsWith("sha256=", StringComparison.Ordinal) && !presented.AsSpan(7).ContainsAnyExcept(HexDigits);

    public static bool Matches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, string? presented) =>
        IsWellFormed(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(WebhookSecret.Signature(secret, body)), Encoding.ASCII.GetBytes(presented.ToLowerInvariant()));
}
