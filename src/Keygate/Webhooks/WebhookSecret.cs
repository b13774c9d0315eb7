using System.Security.Cryptography;
using Keygate.Accounts;

namespace Keygate.Webhooks;

/// <summary>
/// A subscription's signing secret (<c>whsec_</c> + 40 base62 from the CSPRNG, 238 bits) and the signature
/// made with it: Meta's <c>X-Hub-Signature-256</c>, so code that verifies Meta's webhooks verifies Keygate's
/// by swapping the app secret for this one.
/// </summary>
internal static class WebhookSecret
{
    public const string SignatureHeader = "X-Hub-Signature-256";

    public static string New() => Ids.New("whsec", 40);

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes as Meta keys with the app secret.</summary>
    public static string Signature(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
