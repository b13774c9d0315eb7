using System.Globalization;
using System.Text;
using Keygate.Keys;
using Microsoft.Extensions.Primitives;

namespace Keygate.Authentication;

/// <summary>
/// Reads the one credential form a request may carry (README, "Credentials"). Only shapes
/// are checked here; nothing is looked up. A malformed value is answered like an unknown key.
/// </summary>
internal static class CredentialParser
{
    public const string ApiKeyHeader = "X-API-KEY";
    public const string ApiSecretHeader = "X-API-SECRET";
    public const string SignedScheme = "KG-HMAC-SHA256";

    // Anything longer than the longest legitimate credential is rejected before it is decoded.
    private const int MaxAuthorizationLength = 512;

    public static Credentials Parse(IHeaderDictionary headers)
    {
        var key = headers[ApiKeyHeader];
        var secret = headers[ApiSecretHeader];
        var authorization = headers.Authorization;

        var headerForm = key.Count > 0 || secret.Count > 0;
        var authorizationForm = authorization.Count > 0;
        if (!headerForm && !authorizationForm)
        {
            return Credentials.None;
        }
        if ((headerForm && authorizationForm) || key.Count > 1 || secret.Count > 1 || authorization.Count > 1)
        {
            return Credentials.Ambiguous;
        }
        return headerForm ? FromApiKeyHeaders(key, secret) : FromAuthorization(authorization[0].AsMemory());
    }

    private static Credentials FromApiKeyHeaders(StringValues key, StringValues secret)
    {
        if (key.Count == 0)
        {
            return Credentials.Malformed;
        }
        var keyValue = key[0].AsMemory();
        if (secret.Count == 1)
        {
            return keyValue.Span.Contains('.') ? Credentials.Ambiguous : Pair(keyValue.Span, secret[0].AsMemory());
        }
        return Joined(keyValue);
    }

    // Spans throughout: only the key id and secret that come out are allocated.
    private static Credentials FromAuthorization(ReadOnlyMemory<char> header)
    {
        var value = header.Span;
        if (value.Length > MaxAuthorizationLength)
        {
            return Credentials.Malformed;
        }
        var space = value.IndexOf(' ');
        if (space <= 0)
        {
            return Credentials.Malformed;
        }
        var scheme = value[..space];
        var parameter = header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Joined(parameter);
        }
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return FromBasic(parameter.Span);
        }
        return scheme.Equals(SignedScheme, StringComparison.OrdinalIgnoreCase) ? FromSigned(parameter.ToString()) : Credentials.Malformed;
    }

    /// <summary><c>kg_live_….kgs_live_…</c>: the single header and Bearer.</summary>
    private static Credentials Joined(ReadOnlyMemory<char> value)
    {
        var dot = value.Span.IndexOf('.');
        return dot < 0 ? Credentials.Malformed : Pair(value.Span[..dot], value[(dot + 1)..]);
    }

    private static Credentials FromBasic(ReadOnlySpan<char> encoded)
    {
        Span<byte> decoded = stackalloc byte[MaxAuthorizationLength];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written))
        {
            return Credentials.Malformed;
        }
        Span<char> text = stackalloc char[written];
        if (!Encoding.UTF8.TryGetChars(decoded[..written], text, out var length))
        {
            return Credentials.Malformed;
        }
        text = text[..length];
        var colon = text.IndexOf(':');
        // Decoded into this stack buffer, so the one form whose secret is copied out.
        return colon < 0 ? Credentials.Malformed : Pair(text[..colon], text[(colon + 1)..].ToString().AsMemory());
    }

    /// <summary>Checks the shapes before anything is allocated: garbage never becomes a string.</summary>
    private static Credentials Pair(ReadOnlySpan<char> keyId, ReadOnlyMemory<char> secret) =>
        KeyFormat.IsKeyId(keyId) && KeyFormat.IsSecret(secret.Span) && KeyFormat.SameEnvironment(keyId, secret.Span)
            ? new Credentials(CredentialKind.Secret, keyId.ToString(), secret)
            : Credentials.Malformed;

    /// <summary><c>Credential=kg_…, Timestamp=1700000000, Nonce=…, Signature=base64</c>, each exactly once.</summary>
    private static Credentials FromSigned(string parameters)
    {
        string? keyId = null, timestamp = null, nonce = null, signature = null;
        foreach (var part in parameters.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return Credentials.Malformed;
            }
            var value = part[(equals + 1)..];
            var duplicate = part[..equals] switch
            {
                "Credential" => Assign(ref keyId, value),
                "Timestamp" => Assign(ref timestamp, value),
                "Nonce" => Assign(ref nonce, value),
                "Signature" => Assign(ref signature, value),
                _ => true,
            };
            if (duplicate)
            {
                return Credentials.Malformed;
            }
        }
        if (keyId is null || !KeyFormat.IsKeyId(keyId)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !RequestSignature.IsNonce(nonce)
            || !RequestSignature.TryDecodeSignature(signature, out var mac))
        {
            return Credentials.Malformed;
        }
        return new Credentials(CredentialKind.Signed, keyId, Signed: new SignedCredentials(keyId, seconds, nonce!, mac));
    }

    private static bool Assign(ref string? slot, string value)
    {
        if (slot is not null)
        {
            return true;
        }
        slot = value;
        return false;
    }
}
