using Microsoft.Extensions.Time.Testing;

namespace Keygate.IntegrationTests;

/// <summary>
/// The hosts' fake clock, whose periodic timers tick once for a move however long, as a real clock's do after a stall
/// (a <see cref="PeriodicTimer"/> folds the ticks it missed into one). <see cref="FakeTimeProvider"/> alone fires a periodic
/// timer once per period it moves past: a test that moves fifteen days to reach usage retention made the sandbox's
/// 50 ms status pump tick 26 million times, half a minute of CPU that every test running beside it paid for.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period <= TimeSpan.Zero)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }
        // A one-shot timer that sets itself again, a period from the time it fired at: the move is over by then.
        var rearm = new Rearm(callback, state, period);
        rearm.Timer = base.CreateTimer(static s => ((Rearm)s!).Fire(), rearm, dueTime, Timeout.InfiniteTimeSpan);
        return rearm.Timer;
    }

    private sealed class Rearm(TimerCallback callback, object? state, TimeSpan period)
    {
        public ITimer? Timer { get; set; }

        public void Fire()
        {
            Timer?.Change(period, Timeout.InfiniteTimeSpan);
            callback(state);
        }
    }
}
