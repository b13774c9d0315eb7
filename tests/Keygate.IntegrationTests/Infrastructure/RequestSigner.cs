using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Signs a request the way the README tells a client to, written independently of the server's code so
/// that a test would catch the two drifting apart.
/// </summary>
public static class RequestSigner
{
    public static HttpRequestMessage Sign(HttpMethod method, string pathAndQuery, string keyId, string secret, long unixSeconds,
        string? nonce = null, byte[]? body = null, byte[]? signedBody = null)
    {
        nonce ??= Guid.NewGuid().ToString("N");
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        var query = question < 0 ? "" : pathAndQuery[(question + 1)..];
        var canonical = string.Join("\n", "KG-HMAC-SHA256", unixSeconds.ToString(CultureInfo.InvariantCulture), nonce,
            method.Method, path, query, Convert.ToHexString(SHA256.HashData(signedBody ?? body ?? [])).ToLowerInvariant());
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));

        var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"KG-HMAC-SHA256 Credential={keyId}, Timestamp={unixSeconds}, Nonce={nonce}, Signature={signature}");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }
        return request;
    }
}
