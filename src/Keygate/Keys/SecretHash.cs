using System.Security.Cryptography;
using System.Text;

namespace Keygate.Keys;

/// <summary>
/// Secrets at rest are their SHA-256: a 238-bit random secret needs no slow hash (OWASP ASVS V6.5.2),
/// and a fast one keeps verification near the cost of the hash itself.
/// </summary>
internal static class SecretHash
{
    public const int Size = 32;

    public static byte[] Of(string secret)
    {
        var hash = new byte[Size];
        Compute(secret, hash);
        return hash;
    }

    /// <summary>Compares a presented secret with a stored hash in constant time, without allocating.</summary>
    public static bool Matches(ReadOnlySpan<char> secret, ReadOnlySpan<byte> storedHash)
    {
        if (secret.Length > KeyFormat.SecretLength || storedHash.Length != Size)
        {
            return false;
        }
        Span<byte> hash = stackalloc byte[Size];
        Compute(secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    private static void Compute(ReadOnlySpan<char> secret, Span<byte> destination)
    {
        Span<byte> utf8 = stackalloc byte[KeyFormat.SecretLength * 3];
        var length = Encoding.UTF8.GetBytes(secret, utf8);
        SHA256.HashData(utf8[..length], destination);
    }
}
