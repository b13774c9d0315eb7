using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Keygate.Authentication;

/// <summary>
/// The <c>KG-HMAC-SHA256</c> scheme. The signature is HMAC-SHA256, keyed with the API secret key's UTF-8
/// bytes, over these lines joined by <c>\n</c>:
/// <code>
/// KG-HMAC-SHA256
/// {timestamp, unix seconds}
/// {nonce}
/// {METHOD}
/// {path as sent}
/// {query as sent, without '?'}
/// {lower-case hex SHA-256 of the body}
/// </code>
/// Path and query are taken from the request target exactly as the client sent it, so no decoding or
/// re-encoding can make two parties disagree about what was signed.
/// </summary>
internal static class RequestSignature
{
    public const int AllowedSkewSeconds = 300;
    public const int MinNonceLength = 16;
    public const int MaxNonceLength = 128;

    public static bool IsNonce(string? nonce) =>
        nonce is { Length: >= MinNonceLength and <= MaxNonceLength }
        && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool TryDecodeSignature(string? text, out byte[] mac)
    {
        mac = [];
        if (text is null || text.Length > 64)
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[48];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != 32)
        {
            return false;
        }
        mac = buffer[..written].ToArray();
        return true;
    }

    public static string CanonicalString(string method, string target, long timestamp, string nonce, ReadOnlySpan<byte> bodyHash)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? "" : target[(question + 1)..];
        return string.Join('\n', CredentialParser.SignedScheme, timestamp.ToString(CultureInfo.InvariantCulture), nonce,
            method.ToUpperInvariant(), path, query, Convert.ToHexStringLower(bodyHash));
    }

    public static byte[] Sign(ReadOnlySpan<byte> secretUtf8, string canonical) =>
        HMACSHA256.HashData(secretUtf8, Encoding.UTF8.GetBytes(canonical));

    public static bool Verify(ReadOnlySpan<byte> secretUtf8, string canonical, ReadOnlySpan<byte> presented) =>
        CryptographicOperations.FixedTimeEquals(Sign(secretUtf8, canonical), presented);

    /// <summary>The canonical string of this request. Buffers the body so the endpoint can still read it.</summary>
    public static async Task<string> CanonicalStringAsync(HttpRequest request, SignedCredentials signed, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }
        request.Body.Position = 0;
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget
            ?? request.Path.Value + request.QueryString.Value;
        return CanonicalString(request.Method, target, signed.Timestamp, signed.Nonce, sha.GetHashAndReset());
    }
}
