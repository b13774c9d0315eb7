using Keygate.Keys;

namespace Keygate.Limits;

/// <summary>Quotas run over UTC calendar days and months.</summary>
internal static class QuotaPeriods
{
    /// <summary>A number naming the period that contains <paramref name="now"/>: 20261126 for a day, 202611 for a month.</summary>
    public static int IdOf(QuotaPeriod period, DateTimeOffset now) => period == QuotaPeriod.Month
        ? (now.UtcDateTime.Year * 100) + now.UtcDateTime.Month
        : (now.UtcDateTime.Year * 10000) + (now.UtcDateTime.Month * 100) + now.UtcDateTime.Day;

    public static DateTimeOffset EndOf(QuotaPeriod period, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return period == QuotaPeriod.Month ? today.AddDays(1 - today.Day).AddMonths(1) : today.AddDays(1);
    }
}
