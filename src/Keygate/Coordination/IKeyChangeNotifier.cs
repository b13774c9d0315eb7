namespace Keygate.Coordination;

/// <summary>
/// Tells every node that a key changed, so each drops its cached copy. In-process it is a direct call;
/// the Redis version arrives with the scale-out work.
/// </summary>
internal interface IKeyChangeNotifier
{
    ValueTask KeyChangedAsync(string keyId);

    /// <summary>Something every key of the account depends on (its shared limits) changed.</summary>
    ValueTask AccountChangedAsync(string accountId);
}
