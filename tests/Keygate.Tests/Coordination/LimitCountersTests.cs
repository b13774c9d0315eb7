using Keygate.Coordination;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Keygate.Tests.Coordination;

public sealed class LimitCountersTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ATakeTheAccountRefuses_TakesNothingFromTheKey()
    {
        var counters = Counters();
        var key = Scope("kg_live_a", false, new WindowSpec("own", 5, TimeSpan.FromMinutes(1)));
        var account = Scope("acc_1", true, new WindowSpec("shared", 1, TimeSpan.FromMinutes(1)));

        Assert.True((await counters.TryTakeAsync(key, account, 1, CancellationToken.None)).Taken);
        var refused = await counters.TryTakeAsync(key, account, 1, CancellationToken.None);

        Assert.False(refused.Taken);
        Assert.Equal(new CounterRef(true, false, 0), refused.Counter);
        Assert.Equal(new CounterState(4, 60), (await counters.ReadAsync(key, CancellationToken.None))[0]);
    }

    [Fact]
    public async Task ATake_ReportsTheCounterWithTheLeastLeft()
    {
        var counters = Counters();
        var key = Scope("kg_live_b", false, new WindowSpec("loose", 100, TimeSpan.FromMinutes(1)), new WindowSpec("tight", 3, TimeSpan.FromHours(1)));

        var taken = await counters.TryTakeAsync(key, Scope("acc_2", true), 1, CancellationToken.None);

        Assert.True(taken.Taken);
        Assert.Equal(new CounterRef(false, false, 1), taken.Counter);
        Assert.Equal(new CounterState(2, 3600), taken.State);
    }

    // No quotas, so the reservation store is never asked.
    private InProcessLimitCounters Counters() => new(null!, _clock, Options.Create(new LimitCounterOptions()));

    private static CounterScope Scope(string id, bool isAccount, params WindowSpec[] windows) => new(id, isAccount, windows, []);
}
