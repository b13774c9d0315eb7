using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Keygate.Keys;

/// <summary>
/// Seals the keys that protect session cookies (ASP.NET Core's data protection key ring) with AES-256-GCM under a key
/// derived from the master key, so whoever reads the key files, or a backup of them, cannot forge a session without
/// the master key as well. Key files written before sealing stay readable as they are: ASP.NET decrypts only what
/// names a decryptor, and they are replaced when they expire.
/// </summary>
internal sealed class KeyRingSealer
{
    private const string Purpose = "Keygate data protection key ring v1";
    private static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes(Purpose);
    private readonly byte[] _key;

    public KeyRingSealer(SecretProtector masterKey) => _key = masterKey.DeriveKey(Purpose);

    public string Seal(XElement element)
    {
        var plain = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        var sealedBox = AesGcmBox.Seal(_key, plain, AssociatedData);
        CryptographicOperations.ZeroMemory(plain);
        return Convert.ToBase64String(sealedBox);
    }

    public XElement Open(string sealedText)
    {
        var plain = AesGcmBox.Open(_key, Convert.FromBase64String(sealedText), AssociatedData);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}

/// <summary>What ASP.NET Core's key manager calls to seal each new key before it is stored.</summary>
internal sealed class KeyRingEncryptor(KeyRingSealer sealer) : IXmlEncryptor
{
    public const string ElementName = "sealed";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement(ElementName, sealer.Seal(plaintextElement)), typeof(KeyRingDecryptor));
}

/// <summary>
/// Opens sealed keys. The key manager creates it by the type name stored in each key file, through a constructor that
/// takes the service provider: renaming or moving this class would leave existing key files unreadable.
/// </summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        services.GetRequiredService<KeyRingSealer>().Open(encryptedElement.Value);
}
