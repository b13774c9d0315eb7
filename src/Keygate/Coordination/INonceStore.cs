namespace Keygate.Coordination;

/// <summary>Remembers signed-request nonces so that each is accepted once (across nodes, once Redis is in use).</summary>
internal interface INonceStore
{
    /// <summary>True the first time a nonce is presented for a key within <paramref name="lifetime"/>.</summary>
    ValueTask<bool> TryUseAsync(string keyId, string nonce, TimeSpan lifetime, CancellationToken cancellationToken);
}
