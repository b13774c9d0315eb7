using System.Globalization;
using System.Text;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Usage;

/// <summary>Usage series for one key and for the whole account, as JSON or CSV.</summary>
internal static class UsageEndpoints
{
    private const int TopKeyCount = 10;

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/keys/{id}/usage", KeyUsageAsync).WithTags("Usage").WithName("GetKeyUsage").RequirePermission(Permission.UsageRead);
        routes.MapGet("/v1/usage", AccountUsageAsync).WithTags("Usage").WithName("GetAccountUsage").RequirePermission(Permission.UsageRead);
        return routes;
    }

    internal static async Task<Results<Ok<UsageReport>, ContentHttpResult, ProblemHttpResult>> KeyUsageAsync(
        string id, string? from, string? to, string? granularity, string? format,
        HttpContext http, KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = UsageQuery.Read(from, to, granularity, time.GetUtcNow(), errors);
        CheckFormat(format, errors);
        if (query is null || errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        if (await KeyAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken) is null)
        {
            return Problems.NotFound("key");
        }
        var rows = await db.UsageMinutes.AsNoTracking()
            .Where(u => u.KeyId == id && u.Minute >= query.FromMinute && u.Minute < query.ToMinute)
            .GroupBy(u => new { Bucket = u.Minute - (u.Minute % query.BucketMinutes), u.Group, u.Outcome })
            .Select(g => new { g.Key.Bucket, g.Key.Group, g.Key.Outcome, Count = g.Sum(u => u.Count) })
            .ToListAsync(cancellationToken);
        var series = rows.OrderBy(r => r.Bucket).ThenBy(r => r.Group).ThenBy(r => r.Outcome)
            .Select(r => new UsagePoint(UsageQuery.TimeOf(r.Bucket), r.Group, r.Outcome, r.Count)).ToList();
        return Answer(format, new UsageReport(query.From.UtcDateTime, query.To.UtcDateTime, query.Granularity, series, Totals(series), ByCategory(series)));
    }

    // groupBy: key, environment or label:NAME (usage per team or application).
    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, ProblemHttpResult>> AccountUsageAsync(
        string? from, string? to, string? granularity, string? groupBy, string? format,
        HttpContext http, KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = UsageQuery.Read(from, to, granularity, time.GetUtcNow(), errors);
        CheckFormat(format, errors);
        var label = groupBy is not null && groupBy.StartsWith("label:", StringComparison.Ordinal) ? groupBy["label:".Length..] : null;
        if (groupBy is not (null or "key" or "environment") && string.IsNullOrEmpty(label))
        {
            errors.Add("groupBy", "One of key, environment, label:NAME.");
        }
        if (query is null || errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var accountId = Caller.From(http.User).AccountId;
        var rows = await db.UsageMinutes.AsNoTracking()
            .Where(u => u.AccountId == accountId && u.Minute >= query.FromMinute && u.Minute < query.ToMinute)
            .GroupBy(u => new { Bucket = u.Minute - (u.Minute % query.BucketMinutes), u.KeyId, u.Group, u.Outcome })
            .Select(g => new { g.Key.Bucket, g.Key.KeyId, g.Key.Group, g.Key.Outcome, Count = g.Sum(u => u.Count) })
            .ToListAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.AccountId == accountId)
            .Select(k => new { k.Id, k.Name, k.Environment, Label = k.Labels.Where(l => l.Name == label).Select(l => l.Value).FirstOrDefault() })
            .ToDictionaryAsync(k => k.Id, cancellationToken);

        string? By(string keyId) => groupBy switch
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
        return Answer(format, new UsageReport(query.From.UtcDateTime, query.To.UtcDateTime, query.Granularity, series, Totals(series), ByCategory(series), top));
    }

    private static void CheckFormat(string? format, FieldErrors errors)
    {
        if (format is not (null or "json" or "csv"))
        {
            errors.Add("format", "json or csv.");
        }
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

    private static Results<Ok<UsageReport>, ContentHttpResult, ProblemHttpResult> Answer(string? format, UsageReport report)
    {
        if (format != "csv")
        {
            return TypedResults.Ok(report);
        }
        var csv = new StringBuilder("time,by,group,outcome,count\n");
        foreach (var point in report.Series)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{point.Time:yyyy-MM-ddTHH:mm:ssZ},{point.By},{point.Group},{point.Outcome},{point.Count}\n");
        }
        return TypedResults.Text(csv.ToString(), "text/csv");
    }
}
