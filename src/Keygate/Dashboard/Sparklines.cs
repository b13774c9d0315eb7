using System.Globalization;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Dashboard;

/// <summary>Requests per hour over the last day for a page of keys, in one query, as SVG polyline points.</summary>
internal static class Sparklines
{
    public const int Hours = 24;
    public const int Width = 96;
    public const int Height = 24;

    public static async Task<IReadOnlyDictionary<string, Sparkline>> ForKeysAsync(
        KeygateDbContext db, IReadOnlyCollection<string> keyIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lastHour = now.ToUnixTimeSeconds() / 60 / 60;
        var fromMinute = (lastHour - Hours + 1) * 60;
        var rows = await db.UsageMinutes.AsNoTracking()
            .Where(u => keyIds.Contains(u.KeyId) && u.Minute >= fromMinute)
            .GroupBy(u => new { u.KeyId, Hour = u.Minute / 60 })
            .Select(g => new { g.Key.KeyId, g.Key.Hour, Count = g.Sum(u => u.Count) })
            .ToListAsync(cancellationToken);
        return keyIds.ToDictionary(id => id, id =>
        {
            var counts = new long[Hours];
            foreach (var row in rows.Where(r => r.KeyId == id))
            {
                counts[row.Hour - (lastHour - Hours + 1)] = row.Count;
            }
            return new Sparkline(counts);
        });
    }
}

/// <summary>One key's hourly counts, oldest first.</summary>
internal sealed record Sparkline(IReadOnlyList<long> Counts)
{
    public long Total => Counts.Sum();

    /// <summary>The polyline's points, scaled to the tallest hour (a flat line along the bottom when there was nothing).</summary>
    public string Points()
    {
        var max = Math.Max(1, Counts.Max());
        var step = (double)Sparklines.Width / (Counts.Count - 1);
        return string.Join(' ', Counts.Select((count, i) => string.Create(CultureInfo.InvariantCulture,
            $"{i * step:0.#},{Sparklines.Height - 1 - (count * (Sparklines.Height - 2.0) / max):0.#}")));
    }
}
