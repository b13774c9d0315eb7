using System.Net;
using Keygate.Keys;

namespace Keygate.Authentication;

/// <summary>
/// The one verifier of a credential, behind request authentication and <c>POST /v1/keys/verify</c> alike, so the two
/// doors cannot disagree. <see cref="KeyVerifier"/> is the only implementation.
/// </summary>
internal interface IKeyVerifier : IKeyDirectory
{
    ValueTask<Verification> VerifySecretAsync(string keyId, ReadOnlyMemory<char> secret, IPAddress? address, CancellationToken cancellationToken);

    /// <summary>A key already found, with the plain secret presented for it.</summary>
    Verification VerifySecret(KeySnapshot key, ReadOnlySpan<char> secret, IPAddress? address);

    /// <summary>A signed request: <paramref name="canonical"/> reads the request as signed only once the key is known to sign.</summary>
    ValueTask<Verification> VerifySignedAsync(SignedCredentials signed, Func<Task<string>> canonical, IPAddress? address, CancellationToken cancellationToken);
}
