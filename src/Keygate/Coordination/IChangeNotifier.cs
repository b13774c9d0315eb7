namespace Keygate.Coordination;

/// <summary>
/// What kind of thing changed: a key, an account's keys, a phone number. Each feature names its own topics, so this
/// layer names none; a shared implementation sends the name with the id.
/// </summary>
internal sealed record ChangeTopic(string Name);

/// <summary>
/// Tells every node that something it may hold a copy of changed, so each drops what it derived from the old copy. The
/// node that made the change publishes; every node's subscribers to the topic (the key cache, the phone-number directory)
/// hear it. In-process it is a direct call; a shared implementation publishes on a channel every node subscribes to.
/// </summary>
internal interface IChangeNotifier
{
    ValueTask PublishAsync(ChangeTopic topic, string id);

    /// <summary>
    /// Tells the other nodes only, at most once, keeping nothing: for events that add to what each node counts (a wrong
    /// secret), where one lost costs a little accuracy and a change log entry for each would crowd out real changes.
    /// One node alone has no one to tell.
    /// </summary>
    ValueTask AnnounceAsync(ChangeTopic topic, string id);

    /// <summary>Registers what this node does when it hears of a change on <paramref name="topic"/>, for the life of the host.</summary>
    void Subscribe(ChangeTopic topic, Action<string> changed);
}
