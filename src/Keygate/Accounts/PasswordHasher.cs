using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Keygate.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA512 at 210,000 iterations (OWASP's figure for SHA-512), stored as
/// <c>pbkdf2-sha512$iterations$salt$hash</c> so the count can rise later without breaking old hashes.
/// </summary>
internal static class PasswordHasher
{
    private const string Scheme = "pbkdf2-sha512";
    private const int Iterations = 210_000;
    private const int SaltSize = 16;
    private const int HashSize = 32;

    /// <summary>The shortest password a person may choose.</summary>
    public const int MinLength = 12;

    /// <summary>Bounded so that a huge password cannot make PBKDF2 expensive.</summary>
    public const int MaxLength = 1024;

    // Checked against an unknown user so that "no such user" takes as long as "wrong password".
    private static readonly string DecoyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, HashSize);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string? stored)
    {
        var parts = (stored ?? DecoyHash).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]),
            iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected) && stored is not null;
    }

    /// <summary>A password handed out once (bootstrap, a new account's owner): 20 base62 characters, 119 bits.</summary>
    public static string NewOneTimePassword() => Ids.New("pw", 20)[3..];
}
