using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Keygate.Authorization;

namespace Keygate.Keys;

/// <summary>
/// The shapes of an API key (<c>kg_live_</c> + 22 base62) and of an API secret key (<c>kgs_live_</c> + 40 base62
/// + 6 base62 of CRC32 over everything before it). The checksum lets secret scanners, and Keygate itself,
/// recognise a real secret offline; it adds no security, the 40 random characters (238 bits) do.
/// </summary>
internal static class KeyFormat
{
    public const string LiveKeyPrefix = "kg_live_";
    public const string TestKeyPrefix = "kg_test_";
    public const string LiveSecretPrefix = "kgs_live_";
    public const string TestSecretPrefix = "kgs_test_";
    public const int KeyRandomLength = 22;
    public const int SecretRandomLength = 40;
    public const int ChecksumLength = 6;
    public const int KeyLength = 8 + KeyRandomLength;
    public const int SecretLength = 9 + SecretRandomLength + ChecksumLength;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string NewKeyId(KeyEnvironment environment) =>
        (environment == KeyEnvironment.Production ? LiveKeyPrefix : TestKeyPrefix) + Random(KeyRandomLength);

    public static string NewSecret(KeyEnvironment environment)
    {
        var body = (environment == KeyEnvironment.Production ? LiveSecretPrefix : TestSecretPrefix) + Random(SecretRandomLength);
        return body + Checksum(body);
    }

    /// <summary>A syntactically valid key id; says nothing about whether it exists.</summary>
    public static bool IsKeyId(ReadOnlySpan<char> text) =>
        text.Length == KeyLength
        && (text.StartsWith(LiveKeyPrefix, StringComparison.Ordinal) || text.StartsWith(TestKeyPrefix, StringComparison.Ordinal))
        && IsBase62(text[8..]);

    /// <summary>A syntactically valid secret whose checksum matches.</summary>
    public static bool IsSecret(ReadOnlySpan<char> text)
    {
        if (text.Length != SecretLength
            || !(text.StartsWith(LiveSecretPrefix, StringComparison.Ordinal) || text.StartsWith(TestSecretPrefix, StringComparison.Ordinal))
            || !IsBase62(text[9..]))
        {
            return false;
        }
        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(text[..^ChecksumLength], expected);
        return text[^ChecksumLength..].SequenceEqual(expected);
    }

    /// <summary>A live key takes only a live secret, a test key only a test secret.</summary>
    public static bool SameEnvironment(ReadOnlySpan<char> keyId, ReadOnlySpan<char> secret) =>
        keyId.StartsWith(LiveKeyPrefix, StringComparison.Ordinal) == secret.StartsWith(LiveSecretPrefix, StringComparison.Ordinal);

    public static string Hint(string secret) => secret[^4..];

    private static string Random(int length) => new(RandomNumberGenerator.GetItems<char>(Alphabet, length));

    private static string Checksum(string body)
    {
        Span<char> checksum = stackalloc char[ChecksumLength];
        WriteChecksum(body, checksum);
        return new string(checksum);
    }

    private static void WriteChecksum(ReadOnlySpan<char> body, Span<char> destination)
    {
        // The body is ASCII by construction (and checked before this is called on input).
        Span<byte> ascii = stackalloc byte[body.Length];
        Encoding.ASCII.GetBytes(body, ascii);
        Span<byte> crc = stackalloc byte[4];
        Crc32.Hash(ascii, crc);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(crc);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
    }

    private static bool IsBase62(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
