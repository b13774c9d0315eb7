using System.Security.Cryptography;
using System.Text;
using Keygate.Keys;
using Keygate.WhatsApp.Providers;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>A real number's stored access token, decrypted for one call to Meta on the number's behalf.</summary>
internal static class NumberToken
{
    public static string Of(SecretProtector protector, PhoneNumber number)
    {
        var token = protector.Decrypt(number.EncryptedAccessToken!, MetaProvider.AssociatedData(number.Id));
        try
        {
            return Encoding.UTF8.GetString(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(token);
        }
    }
}
