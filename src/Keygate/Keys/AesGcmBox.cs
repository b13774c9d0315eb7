using System.Security.Cryptography;

namespace Keygate.Keys;

/// <summary>AES-256-GCM as Keygate stores it: a random 12-byte nonce, the 16-byte tag, then the ciphertext, in one array.</summary>
internal static class AesGcmBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associatedData)
    {
        var sealedBox = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBox.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), associatedData);
        return sealedBox;
    }

    /// <summary>The plaintext; the caller zeroes it when done. Throws when the box was altered or sealed under another key.</summary>
    public static byte[] Open(byte[] key, byte[] sealedBox, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBox.Length < NonceSize + TagSize)
        {
            // Too short to hold a nonce and a tag: as altered as any other box that does not open.
            throw new CryptographicException("The sealed value is too short.");
        }
        var plain = new byte[sealedBox.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBox.AsSpan(0, NonceSize), sealedBox.AsSpan(NonceSize + TagSize), sealedBox.AsSpan(NonceSize, TagSize), plain, associatedData);
        return plain;
    }
}
