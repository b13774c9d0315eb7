using System.Security.Cryptography;

namespace Keygate.WhatsApp.CloudApi;

/// <summary>Numeric ids in the shape Meta gives its objects (phone numbers, WABAs, templates, media): digits, never a leading zero.</summary>
internal static class MetaIds
{
    public static string New(int digits = 15) =>
        new(RandomNumberGenerator.GetItems<char>("0123456789", digits - 1).Prepend('1').ToArray());
}
