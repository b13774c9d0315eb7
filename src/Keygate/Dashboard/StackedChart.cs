namespace Keygate.Dashboard;

/// <summary>
/// Counts over time as stacked bars: one bar per time bucket (every bucket of the range, empty ones too, so gaps
/// show as gaps), one segment per series (an outcome, a message type). Drawn as inline SVG by
/// <c>_StackedChart.cshtml</c>, with no script and no chart library.
/// </summary>
internal sealed record StackedChart(string Caption, string Granularity, IReadOnlyList<StackedChart.Bar> Bars, IReadOnlyList<string> Series,
    IReadOnlyDictionary<string, string> Colours, long Max)
{
    public const int Width = 720;
    public const int Height = 180;
    public const int AxisHeight = 18;

    /// <summary>Colours for series with no colour of their own, in turn.</summary>
    private static readonly string[] Spare = ["#0b6e4f", "#1a5fd0", "#c77d00", "#7b4fb0", "#b5487b", "#2a8a9a", "#5b6575", "#a4161a"];

    public sealed record Bar(DateTime Start, IReadOnlyDictionary<string, long> Counts)
    {
        public long Total => Counts.Values.Sum();
    }

    public sealed record Point(DateTime Time, string Series, long Count);

    public long Total => Bars.Sum(b => b.Total);

    public double BarWidth => (double)Width / Math.Max(1, Bars.Count);

    public long TotalOf(string series) => Bars.Sum(b => b.Counts.GetValueOrDefault(series));

    /// <param name="caption">What is counted ("requests", "messages").</param>
    /// <param name="granularity">minute, hour or day: the bucket size, and how the axis is labelled.</param>
    /// <param name="points">The counts, at bucket starts (several per bucket and series are added up).</param>
    /// <param name="from">The range's start (its bucket is the first bar).</param>
    /// <param name="to">The range's end (exclusive).</param>
    /// <param name="order">Series in this order first, with these colours; any others after them, by name.</param>
    public static StackedChart From(string caption, string granularity, IEnumerable<Point> points, DateTime from, DateTime to,
        IReadOnlyList<(string Series, string Colour)> order)
    {
        var step = TimeSpan.FromMinutes(BucketMinutes(granularity));
        var byBucket = points.GroupBy(p => Floor(p.Time, step)).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, long>)g.GroupBy(p => p.Series).ToDictionary(s => s.Key, s => s.Sum(p => p.Count)));
        var bars = new List<Bar>();
        for (var start = Floor(from, step); start < to; start += step)
        {
            bars.Add(new Bar(start, byBucket.GetValueOrDefault(start) ?? new Dictionary<string, long>()));
        }
        var present = bars.SelectMany(b => b.Counts.Keys).Distinct().ToHashSet();
        var known = order.Select(o => o.Series).ToList();
        var series = known.Where(present.Contains).Concat(present.Except(known).Order(StringComparer.Ordinal)).ToList();
        var colours = new Dictionary<string, string>();
        var spare = 0;
        foreach (var name in series)
        {
            colours[name] = order.FirstOrDefault(o => o.Series == name).Colour ?? Spare[spare++ % Spare.Length];
        }
        return new StackedChart(caption, granularity, bars, series, colours, Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Total)));
    }

    public static long BucketMinutes(string granularity) => granularity switch
    {
        "minute" => 1,
        "day" => 1440,
        _ => 60,
    };

    private static DateTime Floor(DateTime time, TimeSpan step) => new(time.Ticks - (time.Ticks % step.Ticks), DateTimeKind.Utc);
}
