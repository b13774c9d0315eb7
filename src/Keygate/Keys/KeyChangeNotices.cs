using Keygate.Coordination;

namespace Keygate.Keys;

/// <summary>The changes to keys that every node must hear of: what each node derived from a key (its cached snapshot) is stale.</summary>
internal static class KeyChangeNotices
{
    public static readonly ChangeTopic Key = new("key");

    /// <summary>Something every key of the account depends on (its shared limits) changed; the id is the account's.</summary>
    public static readonly ChangeTopic Account = new("account");

    public static ValueTask KeyChangedAsync(this IChangeNotifier changes, string keyId) => changes.PublishAsync(Key, keyId);

    public static ValueTask AccountChangedAsync(this IChangeNotifier changes, string accountId) => changes.PublishAsync(Account, accountId);
}
