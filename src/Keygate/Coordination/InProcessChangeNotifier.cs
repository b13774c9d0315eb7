using System.Collections.Concurrent;

namespace Keygate.Coordination;

/// <summary>One node: a change is heard by this node's subscribers before the call that made it returns.</summary>
internal sealed class InProcessChangeNotifier : IChangeNotifier
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<ChangeTopic, Action<string>[]> _subscribers = new();

    public ValueTask PublishAsync(ChangeTopic topic, string id)
    {
        Tell(topic, id);
        return ValueTask.CompletedTask;
    }

    public ValueTask AnnounceAsync(ChangeTopic topic, string id) => ValueTask.CompletedTask;

    /// <summary>Tells this process's subscribers, synchronously: what a shared notifier does with what it hears from other nodes.</summary>
    public void Tell(ChangeTopic topic, string id)
    {
        if (_subscribers.TryGetValue(topic, out var subscribers))
        {
            foreach (var changed in subscribers)
            {
                changed(id);
            }
        }
    }

    public void Subscribe(ChangeTopic topic, Action<string> changed)
    {
        lock (_lock)
        {
            _subscribers[topic] = [.. _subscribers.GetValueOrDefault(topic, []), changed];
        }
    }
}
