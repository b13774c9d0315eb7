using System.Security.Cryptography;

namespace Keygate.Accounts;

/// <summary>Random, prefixed ids for rows that are not API keys (<c>acc_…</c>, <c>usr_…</c>, <c>ses_…</c>).</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 20) =>
        prefix + "_" + new string(RandomNumberGenerator.GetItems<char>(Alphabet, length));
}
