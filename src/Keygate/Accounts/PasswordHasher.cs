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

    /// <summary>
    /// Hashes a password with a fresh salt, or with the salt of <paramref name="shareSaltWith"/>: the hash of the same
    /// e-mail's login in another account. Logins that share an e-mail share a salt so that a login checks the typed
    /// password against all of them with one PBKDF2 run, and takes as long whether the e-mail is in one account or
    /// several. One salt per e-mail still defeats precomputation; the logins' passwords are kept different.
    /// </summary>
    public static string Hash(string password, string? shareSaltWith = null)
    {
        var salt = Parse(shareSaltWith) is { } other ? other.Salt : RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Derive(password, salt, Iterations, HashSize);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>
    /// The index of the stored hash the password matches, or -1. Every hash is compared (none is skipped once one
    /// matches), with one PBKDF2 run per distinct salt and iteration count; with none stored, the decoy is run instead,
    /// so that "no such user" takes as long as "wrong password".
    /// </summary>
    public static int IndexOfMatch(string password, IReadOnlyList<string> stored)
    {
        if (stored.Count == 0)
        {
            var decoy = Parse(DecoyHash)!;
            Derive(password, decoy.Salt, decoy.Iterations, decoy.Hash.Length);
            return -1;
        }
        var derived = new Dictionary<(string Salt, int Iterations, int Length), byte[]>();
        var match = -1;
        for (var i = 0; i < stored.Count; i++)
        {
            if (Parse(stored[i]) is not { } parsed)
            {
                continue;
            }
            var key = (Convert.ToBase64String(parsed.Salt), parsed.Iterations, parsed.Hash.Length);
            if (!derived.TryGetValue(key, out var actual))
            {
                actual = Derive(password, parsed.Salt, parsed.Iterations, parsed.Hash.Length);
                derived[key] = actual;
            }
            if (CryptographicOperations.FixedTimeEquals(actual, parsed.Hash) && match < 0)
            {
                match = i;
            }
        }
        return match;
    }

    private sealed record Parsed(int Iterations, byte[] Salt, byte[] Hash);

    private static Parsed? Parse(string? stored)
    {
        var parts = stored?.Split('$');
        return parts is { Length: 4 } && parts[0] == Scheme && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations)
            ? new Parsed(iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]))
            : null;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, length);

    /// <summary>A password handed out once (bootstrap, a new account's owner): 20 base62 characters, 119 bits.</summary>
    public static string NewOneTimePassword() => Ids.New("pw", 20)[3..];
}
