namespace Keygate.Coordination;

/// <summary>One node: a change is heard by this node's listeners before the call that made it returns.</summary>
internal sealed class InProcessKeyChangeNotifier : IKeyChangeNotifier
{
    private readonly Lock _lock = new();
    private IKeyChangeListener[] _listeners = [];

    public ValueTask KeyChangedAsync(string keyId)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.KeyChanged(keyId);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask AccountChangedAsync(string accountId)
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.AccountChanged(accountId);
        }
        return ValueTask.CompletedTask;
    }

    public void Subscribe(IKeyChangeListener listener)
    {
        lock (_lock)
        {
            Volatile.Write(ref _listeners, [.. _listeners, listener]);
        }
    }
}
