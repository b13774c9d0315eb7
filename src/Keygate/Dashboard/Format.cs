using System.Globalization;
using System.Text.Json;

namespace Keygate.Dashboard;

/// <summary>How the dashboard writes times and counts: UTC, unambiguous, the same on every page.</summary>
internal static class Format
{
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Time(DateTime? utc, string none = "—") => utc is { } value ? Time(value) : none;

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A JSON value (alert evidence, an audit change) on one line: a string as itself, anything else as compact JSON.</summary>
    public static string Json(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "—",
        { ValueKind: JsonValueKind.String } text => text.GetString()!,
        { } other => other.GetRawText(),
    };

    /// <summary>"3 minutes ago", with the exact time for anything older than a day.</summary>
    public static string Ago(DateTime utc, DateTime now)
    {
        var age = now - utc;
        return age.TotalSeconds switch
        {
            < 60 => "Just now",
            < 3600 => Plural((int)age.TotalMinutes, "minute") + " ago",
            < 86400 => Plural((int)age.TotalHours, "hour") + " ago",
            _ => Time(utc),
        };
    }

    /// <summary>"45 s", "12 min", "11 h 29 min", "3 d 4 h": a wait or a reset, to the unit that matters.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{(int)span.TotalSeconds} s",
        < 3600 => $"{(int)span.TotalMinutes} min",
        < 86400 => span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h",
    };

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
