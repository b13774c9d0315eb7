namespace Keygate.Coordination;

/// <summary>
/// Tells every node that a key changed, so each drops what it derived from the old copy. The node that made the
/// change publishes; every node's listeners (the key cache) hear it. In-process it is a direct call; a shared
/// implementation publishes on a channel every node subscribes to. Coordination knows no listener by type: a
/// cache subscribes itself, so this layer uses nothing above it.
/// </summary>
internal interface IKeyChangeNotifier
{
    ValueTask KeyChangedAsync(string keyId);

    /// <summary>Something every key of the account depends on (its shared limits) changed.</summary>
    ValueTask AccountChangedAsync(string accountId);

    /// <summary>Registers what this node does when it hears of a change, for the life of the host.</summary>
    void Subscribe(IKeyChangeListener listener);
}

/// <summary>Something on this node that must forget a key, or an account's keys, when they change anywhere.</summary>
internal interface IKeyChangeListener
{
    void KeyChanged(string keyId);

    void AccountChanged(string accountId);
}
