using Keygate.Dashboard;

namespace Keygate.Tests.Dashboard;

public sealed class StackedChartTests
{
    private static readonly DateTime Ten = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void From_HasABarForEveryBucketOfTheRange_EmptyOnesToo()
    {
        var chart = StackedChart.From("requests", "hour", [new(Ten.AddHours(2), "ok", 5)], Ten.AddMinutes(30), Ten.AddHours(4), []);

        Assert.Equal([Ten, Ten.AddHours(1), Ten.AddHours(2), Ten.AddHours(3)], chart.Bars.Select(b => b.Start));
        Assert.Equal([0L, 0, 5, 0], chart.Bars.Select(b => b.Total));
    }

    [Fact]
    public void From_AddsUpPointsOfOneBucketAndSeries()
    {
        var chart = StackedChart.From("messages", "day", [new(Ten, "text", 2), new(Ten.AddHours(5), "text", 3), new(Ten, "image", 1)],
            Ten.Date, Ten.Date.AddDays(1), []);

        var day = Assert.Single(chart.Bars);
        Assert.Equal(5, day.Counts["text"]);
        Assert.Equal(6, chart.Max);
    }

    [Fact]
    public void From_PutsKnownSeriesFirstInTheirColours_ThenTheRestByName()
    {
        var chart = StackedChart.From("requests", "minute",
            [new(Ten, "zeta", 1), new(Ten, "forbidden", 1), new(Ten, "alpha", 1), new(Ten, "ok", 1)],
            Ten, Ten.AddMinutes(1), [("ok", "#0b6e4f"), ("forbidden", "#b5487b"), ("rate_limited", "#7b4fb0")]);

        Assert.Equal(["ok", "forbidden", "alpha", "zeta"], chart.Series);
        Assert.Equal("#b5487b", chart.Colours["forbidden"]);
        Assert.NotEqual(chart.Colours["alpha"], chart.Colours["zeta"]);
    }

    [Fact]
    public void From_NothingAtAll_IsAFlatChartNotADivisionByZero()
    {
        var chart = StackedChart.From("requests", "hour", [], Ten, Ten.AddHours(3), []);

        Assert.Equal(0, chart.Total);
        Assert.Equal(1, chart.Max);
        Assert.Empty(chart.Series);
    }
}
