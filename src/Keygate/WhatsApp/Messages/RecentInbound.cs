using System.Collections.Concurrent;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// When customers last wrote to a number, as far as this node has seen, kept only while it can still open a window:
/// an older time answers nothing memory could answer, so it is swept away (at least every <see cref="SweepEvery"/>,
/// and whenever <see cref="Capacity"/> is reached). Forgetting is always safe: what is not remembered is read from history.
/// </summary>
internal sealed class RecentInbound(TimeSpan window, int capacity = RecentInbound.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;
    public static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string PhoneNumberId, string WaId), DateTime> _last = new();
    private long _sweptAtTicks;

    public int Capacity => capacity;

    public int Count => _last.Count;

    /// <summary>True when a time remembered for the customer still opens the window at <paramref name="now"/>.</summary>
    public bool Opens(string phoneNumberId, string waId, DateTime now) => _last.TryGetValue((phoneNumberId, waId), out var at) && now - at < window;

    public void Remember(string phoneNumberId, string waId, DateTime at, DateTime now)
    {
        if (now - at >= window)
        {
            return;
        }
        var sweptAt = Interlocked.Read(ref _sweptAtTicks);
        if ((_last.Count >= capacity || now.Ticks - sweptAt >= SweepEvery.Ticks)
            && Interlocked.CompareExchange(ref _sweptAtTicks, now.Ticks, sweptAt) == sweptAt)
        {
            Sweep(now);
        }
        _last.AddOrUpdate((phoneNumberId, waId), at, (_, known) => known > at ? known : at);
    }

    private void Sweep(DateTime now)
    {
        foreach (var (key, at) in _last)
        {
            if (now - at >= window)
            {
                _last.TryRemove(KeyValuePair.Create(key, at));
            }
        }
        if (_last.Count >= capacity)
        {
            // Every window remembered is still open: forgetting them costs a query per conversation, never a wrong answer.
            _last.Clear();
        }
    }
}
