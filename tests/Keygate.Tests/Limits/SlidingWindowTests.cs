using Keygate.Coordination;

namespace Keygate.Tests.Limits;

public sealed class SlidingWindowTests
{
    private static readonly long Start = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void NeverAdmitsMoreThanTheLimit_InAnyWindowOfOnePeriod()
    {
        // Requests arrive every 100 ms for ten minutes against 10 per 5 s; check every 5 s span of admissions.
        var window = new SlidingWindow(10, TimeSpan.FromSeconds(5), 20);
        var admitted = new List<long>();
        for (var t = Start; t < Start + TimeSpan.FromMinutes(10).Ticks; t += TimeSpan.FromMilliseconds(100).Ticks)
        {
            window.Advance(t);
            if (window.Admits(1))
            {
                window.Add(1);
                admitted.Add(t);
            }
        }
        for (var i = 0; i + 10 < admitted.Count; i++)
        {
            Assert.True(admitted[i + 10] - admitted[i] >= TimeSpan.FromSeconds(5).Ticks, $"11 admissions within 5 s at {i}");
        }
        // And at least 95 % of the allowance was usable: 10 per 5 s for 10 minutes is 1,200.
        Assert.True(admitted.Count >= 0.95 * 1200, $"only {admitted.Count} admitted");
    }

    [Fact]
    public void UntilAdmits_SaysWhenTheOldestRequestsLeave()
    {
        var window = new SlidingWindow(2, TimeSpan.FromSeconds(20), 20);
        window.Advance(Start);
        window.Add(1);
        window.Advance(Start + TimeSpan.FromSeconds(5).Ticks);
        window.Add(1);
        var wait = window.UntilAdmits(1, Start + TimeSpan.FromSeconds(5).Ticks);
        // The first request leaves between 20 and 21 s after it was made.
        Assert.InRange(wait.TotalSeconds, 15, 16);
        window.Advance(Start + TimeSpan.FromSeconds(5).Ticks + wait.Ticks);
        Assert.True(window.Admits(1));
    }

    [Fact]
    public void ACostAboveTheLimit_IsNeverAdmitted()
    {
        var window = new SlidingWindow(5, TimeSpan.FromSeconds(1), 20);
        window.Advance(Start);
        Assert.False(window.Admits(6));
        Assert.True(window.Admits(5));
    }
}
