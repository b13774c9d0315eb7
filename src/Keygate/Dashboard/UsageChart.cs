using Keygate.Usage;

namespace Keygate.Dashboard;

/// <summary>
/// A usage report as stacked bars: one bar per time bucket (every bucket of the range, empty ones too, so gaps
/// show as gaps), one segment per outcome. Drawn as inline SVG by the page, with no script and no chart library.
/// </summary>
internal sealed record UsageChart(string Granularity, IReadOnlyList<UsageChart.Bar> Bars, IReadOnlyList<string> Outcomes, long Max)
{
    public const int Width = 720;
    public const int Height = 180;
    public const int AxisHeight = 18;

    /// <summary>The choices offered: each with the range it shows.</summary>
    public static readonly IReadOnlyList<(string Granularity, string Label, TimeSpan Range)> Ranges =
    [
        ("minute", "Last hour, by minute", TimeSpan.FromHours(1)),
        ("hour", "Last day, by hour", TimeSpan.FromDays(1)),
        ("day", "Last 30 days, by day", TimeSpan.FromDays(30)),
    ];

    /// <summary>Outcomes in a fixed order, each with its colour: successes first, then the refusals.</summary>
    public static readonly IReadOnlyList<(string Outcome, string Colour)> Palette =
    [
        (Keygate.Usage.Outcomes.Ok, "#0b6e4f"),
        (Keygate.Usage.Outcomes.ClientError, "#c77d00"),
        (Keygate.Usage.Outcomes.RateLimited, "#7b4fb0"),
        (Keygate.Usage.Outcomes.QuotaExceeded, "#1a5fd0"),
        (Keygate.Usage.Outcomes.Forbidden, "#b5487b"),
        (Keygate.Usage.Outcomes.Unauthenticated, "#5b6575"),
        (Keygate.Usage.Outcomes.ServerError, "#a4161a"),
    ];

    public sealed record Bar(DateTime Start, IReadOnlyDictionary<string, long> Counts)
    {
        public long Total => Counts.Values.Sum();
    }

    public long Total => Bars.Sum(b => b.Total);

    public double BarWidth => (double)Width / Math.Max(1, Bars.Count);

    public static string ColourOf(string outcome) => Palette.FirstOrDefault(p => p.Outcome == outcome).Colour ?? "#39424f";

    public static UsageChart From(UsageReport report, long bucketMinutes)
    {
        var step = TimeSpan.FromMinutes(bucketMinutes);
        var first = Floor(report.From, step);
        var byBucket = report.Series.GroupBy(p => p.Time).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, long>)g.GroupBy(p => p.Outcome).ToDictionary(o => o.Key, o => o.Sum(p => p.Count)));
        var bars = new List<Bar>();
        for (var start = first; start < report.To; start += step)
        {
            bars.Add(new Bar(start, byBucket.GetValueOrDefault(start) ?? new Dictionary<string, long>()));
        }
        var outcomes = report.Series.Select(p => p.Outcome).Distinct()
            .OrderBy(o => Palette.Select(p => p.Outcome).ToList().IndexOf(o) is var i and >= 0 ? i : int.MaxValue).ThenBy(o => o, StringComparer.Ordinal)
            .ToList();
        return new UsageChart(report.Granularity, bars, outcomes, Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Total)));
    }

    private static DateTime Floor(DateTime time, TimeSpan step) => new(time.Ticks - (time.Ticks % step.Ticks), DateTimeKind.Utc);
}
