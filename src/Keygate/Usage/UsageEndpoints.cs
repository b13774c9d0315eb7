using System.Globalization;
using System.Text;
using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Usage;

/// <summary>Usage series for one key and for the whole account, as JSON or CSV: the query string read, <see cref="UsageReports"/> asked.</summary>
internal static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/keys/{id}/usage", KeyUsageAsync).WithTags("Usage").WithName("GetKeyUsage").RequirePermission(Permission.UsageRead);
        routes.MapGet("/v1/usage", AccountUsageAsync).WithTags("Usage").WithName("GetAccountUsage").RequirePermission(Permission.UsageRead);
        return routes;
    }

    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, ProblemHttpResult>> KeyUsageAsync(
        string id, string? from, string? to, string? granularity, string? format,
        HttpContext http, UsageReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = UsageQuery.Read(from, to, granularity, time.GetUtcNow(), errors);
        CheckFormat(format, errors);
        if (query is null || errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        return Answer(format, await reports.ForKeyAsync(Caller.From(http.User), id, query, cancellationToken));
    }

    // groupBy: key, environment or label:NAME (usage per team or application).
    private static async Task<Results<Ok<UsageReport>, ContentHttpResult, ProblemHttpResult>> AccountUsageAsync(
        string? from, string? to, string? granularity, string? groupBy, string? format,
        HttpContext http, UsageReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var query = UsageQuery.Read(from, to, granularity, time.GetUtcNow(), errors);
        CheckFormat(format, errors);
        var grouping = UsageGrouping.Read(groupBy);
        if (grouping is null)
        {
            errors.Add("groupBy", "One of key, environment, label:NAME.");
        }
        if (query is null || grouping is null || errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        return Answer(format, await reports.ForAccountAsync(Caller.From(http.User), query, grouping, cancellationToken));
    }

    private static void CheckFormat(string? format, FieldErrors errors)
    {
        if (format is not (null or "json" or "csv"))
        {
            errors.Add("format", "json or csv.");
        }
    }

    private static Results<Ok<UsageReport>, ContentHttpResult, ProblemHttpResult> Answer(string? format, Outcome<UsageReport> outcome)
    {
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }
        var report = outcome.Value!;
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
