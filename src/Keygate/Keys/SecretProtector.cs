using System.Security.Cryptography;
using System.Text;
using Keygate.Storage;
using Microsoft.Extensions.Options;

namespace Keygate.Keys;

internal sealed class MasterKeyOptions
{
    public const string Section = "Secrets";

    /// <summary>Base64 of 32 bytes. When unset, a key file is created under the data directory on first run.</summary>
    public string? MasterKey { get; set; }
}

/// <summary>
/// Encrypts the secrets of keys that accept signed requests (HMAC verification needs the secret itself)
/// with AES-256-GCM under the master key. The key id is bound in as associated data, so a ciphertext
/// copied onto another key's row does not decrypt.
/// </summary>
internal sealed class SecretProtector
{
    private readonly byte[] _masterKey;

    public SecretProtector(IOptions<MasterKeyOptions> options, IOptions<StorageOptions> storage)
    {
        _masterKey = options.Value.MasterKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : LoadOrCreateKeyFile(Path.Combine(storage.Value.FullDataDirectory, "master.key"));
        if (_masterKey.Length != 32)
        {
            throw new InvalidOperationException("The master key must be 32 bytes (Secrets:MasterKey is base64).");
        }
    }

    public byte[] Encrypt(string secret, string keyId)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBox = AesGcmBox.Seal(_masterKey, plain, Encoding.UTF8.GetBytes(keyId));
        CryptographicOperations.ZeroMemory(plain);
        return sealedBox;
    }

    /// <summary>The secret's UTF-8 bytes; the caller zeroes them when done.</summary>
    public byte[] Decrypt(byte[] sealedBox, string keyId) => AesGcmBox.Open(_masterKey, sealedBox, Encoding.UTF8.GetBytes(keyId));

    /// <summary>
    /// A key for one other use of the master key (HKDF-SHA256, <paramref name="purpose"/> as its info), so that no
    /// ciphertext made for one use can ever be taken for another's.
    /// </summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, 32, info: Encoding.UTF8.GetBytes(purpose));

    private static byte[] LoadOrCreateKeyFile(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        DataFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: two processes starting together must not overwrite each other's key.
            using var writer = new StreamWriter(path, Encoding.ASCII, DataFiles.Writing(FileMode.CreateNew));
            writer.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        return key;
    }
}
