namespace Keygate.Authentication;

internal enum CredentialKind
{
    None,
    /// <summary>A key id and secret, from the header pair, the single header, Basic or Bearer.</summary>
    Secret,
    Signed,
    Ambiguous,
    Malformed,
}

/// <summary>
/// What a request presented, before anything is looked up. The secret is where the request carried it (a slice of its
/// header) rather than a copy: it is only ever hashed.
/// </summary>
internal readonly record struct Credentials(CredentialKind Kind, string KeyId = "", ReadOnlyMemory<char> Secret = default, SignedCredentials? Signed = null)
{
    public static readonly Credentials None = new(CredentialKind.None);
    public static readonly Credentials Ambiguous = new(CredentialKind.Ambiguous);
    public static readonly Credentials Malformed = new(CredentialKind.Malformed);
}

/// <summary>The parameters of a <c>KG-HMAC-SHA256</c> Authorization header.</summary>
internal sealed record SignedCredentials(string KeyId, long Timestamp, string Nonce, byte[] Signature);
