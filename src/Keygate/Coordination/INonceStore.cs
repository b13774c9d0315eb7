namespace Keygate.Coordination;

/// <summary>
/// Remembers signed-request nonces so that each is accepted once, across nodes once a shared store is in use. One
/// atomic step per nonce: a shared store sets it only if absent, with the lifetime as its expiry.
/// </summary>
internal interface INonceStore
{
    /// <summary>True the first time a nonce is presented for a key within <paramref name="lifetime"/>.</summary>
    ValueTask<bool> TryUseAsync(string keyId, string nonce, TimeSpan lifetime, CancellationToken cancellationToken);
}
