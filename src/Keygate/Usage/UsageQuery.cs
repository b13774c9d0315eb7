using System.Globalization;
using Keygate.Http;

namespace Keygate.Usage;

/// <summary>The time range and bucket size of a usage report, read from the query string.</summary>
internal sealed record UsageQuery(DateTimeOffset From, DateTimeOffset To, string Granularity, long BucketMinutes)
{
    private static readonly Dictionary<string, (long Minutes, TimeSpan MaxRange)> Granularities = new()
    {
        ["minute"] = (1, TimeSpan.FromDays(2)),
        ["hour"] = (60, TimeSpan.FromDays(90)),
        ["day"] = (1440, TimeSpan.FromDays(800)),
    };

    public long FromMinute => From.ToUnixTimeSeconds() / 60;

    /// <summary>
    /// Exclusive: every minute that began before <see cref="To"/> is in the report, so a report up to now includes the
    /// minute under way. Counted in ticks: rounding <see cref="To"/> to whole seconds first would drop the minute under
    /// way whenever a report was asked for in a minute's first second.
    /// </summary>
    public long ToMinute => ((To - DateTimeOffset.UnixEpoch).Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute;

    public static UsageQuery? Read(string? from, string? to, string? granularity, DateTimeOffset now, FieldErrors errors)
    {
        granularity ??= "hour";
        if (!Granularities.ContainsKey(granularity))
        {
            return Unknown(errors);
        }
        var end = ReadTime(to, "to", errors) ?? now;
        var start = ReadTime(from, "from", errors) ?? end - TimeSpan.FromDays(1);
        return Between(start, end, granularity, errors);
    }

    /// <summary>A range chosen from fixed options (the dashboard's), so one out of bounds is a mistake in the code.</summary>
    public static UsageQuery Of(DateTimeOffset from, DateTimeOffset to, string granularity) =>
        Between(from, to, granularity, new FieldErrors())
        ?? throw new ArgumentException($"No usage report is kept from {from:O} to {to:O} by {granularity}.", nameof(granularity));

    private static UsageQuery? Between(DateTimeOffset start, DateTimeOffset end, string granularity, FieldErrors errors)
    {
        if (!Granularities.TryGetValue(granularity, out var size))
        {
            return Unknown(errors);
        }
        if (start >= end)
        {
            errors.Add("from", "Must be before 'to'.");
        }
        else if (end - start > size.MaxRange)
        {
            errors.Add("from", $"At most {size.MaxRange.TotalDays} days at {granularity} granularity.");
        }
        return errors.Any ? null : new UsageQuery(start, end, granularity, size.Minutes);
    }

    private static UsageQuery? Unknown(FieldErrors errors)
    {
        errors.Add("granularity", "One of minute, hour, day.");
        return null;
    }

    public long BucketOf(long minute) => minute - (minute % BucketMinutes);

    public static DateTime TimeOf(long minute) => DateTimeOffset.FromUnixTimeSeconds(minute * 60).UtcDateTime;

    private static DateTimeOffset? ReadTime(string? text, string field, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        errors.Add(field, "An ISO-8601 date-time.");
        return null;
    }
}
