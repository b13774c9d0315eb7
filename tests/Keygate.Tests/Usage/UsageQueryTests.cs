using Keygate.Http;
using Keygate.Usage;

namespace Keygate.Tests.Usage;

public sealed class UsageQueryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(59_999)]
    public void AReportUpToNow_IncludesTheMinuteUnderWay_AtAnyPointOfIt(int millisecondsIntoTheMinute)
    {
        var minuteStart = new DateTimeOffset(2026, 12, 3, 10, 5, 0, TimeSpan.Zero);
        var now = minuteStart.AddMilliseconds(millisecondsIntoTheMinute).AddTicks(1);

        var query = UsageQuery.Read(from: null, to: null, granularity: "day", now, new FieldErrors())!;

        var minuteUnderWay = minuteStart.ToUnixTimeSeconds() / 60;
        Assert.Equal(minuteUnderWay + 1, query.ToMinute);
    }

    [Fact]
    public void AnExplicitEndOnAMinute_LeavesThatMinuteOut()
    {
        var query = UsageQuery.Read("2026-12-03T10:00:00Z", "2026-12-03T11:00:00Z", "minute", DateTimeOffset.UnixEpoch, new FieldErrors())!;

        Assert.Equal(60, query.ToMinute - query.FromMinute);
    }
}
