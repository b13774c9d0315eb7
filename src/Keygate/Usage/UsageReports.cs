using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Usage;

/// <summary>
/// Usage series for one key and for the whole account: what <c>GET /v1/keys/{id}/usage</c>, <c>GET /v1/usage</c>
/// and the dashboard's key page show.
/// </summary>
internal sealed class UsageReports(KeygateDbContext db)
{
    private const int TopKeyCount = 10;

    public async Task<Outcome<UsageReport>> ForKeyAsync(Caller caller, string id, UsageQuery query, CancellationToken cancellationToken)
    {
        if (await KeyAccess.FindAsync(db, caller, id, cancellationToken) is null)
        {
            return Refusal.NotFound("key");
        }
        var rows = await db.UsageMinutes.AsNoTracking()
            .Where(u => u.KeyId == id && u.Minute >= query.FromMinute && u.Minute < query.ToMinute)
            .GroupBy(u => new { Bucket = u.Minute - (u.Minute % query.BucketMinutes), u.Group, u.Outcome })
            .Select(g => new { g.Key.Bucket, g.Key.Group, g.Key.Outcome, Count = g.Sum(u => u.Count) })
            .ToListAsync(cancellationToken);
        var series = rows.OrderBy(r => r.Bucket).ThenBy(r => r.Group).ThenBy(r => r.Outcome)
            .Select(r => new UsagePoint(UsageQuery.TimeOf(r.Bucket), r.Group, r.Outcome, r.Count)).ToList();
        return Outcome.Done(new UsageReport(query.From.UtcDateTime, query.To.UtcDateTime, query.Granularity, series, Totals(series), ByCategory(series)));
    }

    public async Task<Outcome<UsageReport>> ForAccountAsync(Caller caller, UsageQuery query, UsageGrouping grouping, CancellationToken cancellationToken)
    {
        var accountId = caller.AccountId;
        var label = grouping.Label;
        var rows = await db.UsageMinutes.AsNoTracking()
            .Where(u => u.AccountId == accountId && u.Minute >= query.FromMinute && u.Minute < query.ToMinute)
            .GroupBy(u => new { Bucket = u.Minute - (u.Minute % query.BucketMinutes), u.KeyId, u.Group, u.Outcome })
            .Select(g => new { g.Key.Bucket, g.Key.KeyId, g.Key.Group, g.Key.Outcome, Count = g.Sum(u => u.Count) })
            .ToListAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId)
            .Select(k => new { k.Id, k.Name, k.Environment, Label = k.Labels.Where(l => l.Name == label).Select(l => l.Value).FirstOrDefault() })
            .ToDictionaryAsync(k => k.Id, cancellationToken);

        string? By(string keyId) => grouping.By switch
        {
            null => null,
            "key" => keyId,
            "environment" => keys.TryGetValue(keyId, out var k) ? KeyNames.Of(k.Environment) : null,
            _ => keys.TryGetValue(keyId, out var k) ? k.Label ?? "(none)" : "(none)",
        };
        var series = rows.GroupBy(r => (r.Bucket, By: By(r.KeyId), r.Group, r.Outcome))
            .Select(g => new UsagePoint(UsageQuery.TimeOf(g.Key.Bucket), g.Key.Group, g.Key.Outcome, g.Sum(r => r.Count), g.Key.By))
            .OrderBy(p => p.Time).ThenBy(p => p.By, StringComparer.Ordinal).ThenBy(p => p.Group, StringComparer.Ordinal).ThenBy(p => p.Outcome, StringComparer.Ordinal)
            .ToList();
        var top = rows.Where(r => !r.Group.StartsWith(UsageRecorder.CategoryPrefix, StringComparison.Ordinal)).GroupBy(r => r.KeyId).Select(g => new KeyUsageTotal(g.Key, keys.TryGetValue(g.Key, out var k) ? k.Name : "", g.Sum(r => r.Count)))
            .OrderByDescending(t => t.Requests).ThenBy(t => t.KeyId, StringComparer.Ordinal).Take(TopKeyCount).ToList();
        return Outcome.Done(new UsageReport(query.From.UtcDateTime, query.To.UtcDateTime, query.Granularity, series, Totals(series), ByCategory(series), top));
    }

    // Category counts repeat messages already counted by type: they have their own totals.
    private static Dictionary<string, long> Totals(IEnumerable<UsagePoint> series) =>
        series.Where(p => !IsCategory(p)).GroupBy(p => p.Outcome).ToDictionary(g => g.Key, g => g.Sum(p => p.Count));

    private static bool IsCategory(UsagePoint point) => point.Group.StartsWith(UsageRecorder.CategoryPrefix, StringComparison.Ordinal);

    /// <summary>Every category, zero included, so a client reads the four numbers without checking for them.</summary>
    private static Dictionary<string, long> ByCategory(IEnumerable<UsagePoint> series)
    {
        var counts = MessageCategories.All.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
        foreach (var point in series.Where(IsCategory))
        {
            var category = point.Group[UsageRecorder.CategoryPrefix.Length..];
            if (counts.ContainsKey(category))
            {
                counts[category] += point.Count;
            }
        }
        return counts;
    }
}
