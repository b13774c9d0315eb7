using System.Security.Cryptography;
using System.Text;

namespace Peers;

/// <summary>
/// The minimal key check a user would write: <c>Authorization: Bearer id.secret</c>, the id looked up in a dictionary of
/// SHA-256 hashes of the secrets, the hash of the presented secret compared in constant time.
/// </summary>
internal sealed class KeyStore(Dictionary<string, byte[]> hashes)
{
    private const string Scheme = "Bearer ";

    /// <summary>A store holding the one key given as <c>--Key id.secret</c>; only its hash is kept.</summary>
    public static KeyStore From(IConfiguration configuration)
    {
        var key = configuration["Key"] ?? throw new ArgumentException("--Key id.secret is required.");
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            throw new ArgumentException("--Key must read id.secret.");
        }
        return new KeyStore(new() { [key[..dot]] = SHA256.HashData(Encoding.UTF8.GetBytes(key[(dot + 1)..])) });
    }

    /// <summary>The key id of a valid credential in an Authorization header's value; null for anything else.</summary>
    public string? Verify(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var credential = authorization[Scheme.Length..];
        var dot = credential.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !hashes.TryGetValue(credential[..dot], out var expected))
        {
            return null;
        }
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(credential[(dot + 1)..]));
        return CryptographicOperations.FixedTimeEquals(actual, expected) ? credential[..dot] : null;
    }
}
