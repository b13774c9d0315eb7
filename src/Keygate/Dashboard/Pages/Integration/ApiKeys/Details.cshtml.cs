using Keygate.Audit;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Misuse;
using Keygate.Storage;
using Keygate.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// One key: its settings, usage over time (requests by outcome, messages by type), how much of each limit is left,
/// its recent alerts and audit events, and the buttons that change its status. Each section appears only for a
/// role that may read it through the API.
/// </summary>
[RequirePermission(Permission.KeysRead)]
internal sealed class KeyDetailsModel(
    KeygateDbContext db, KeyVerifier verifier, KeyLimiter limiter, AuditLog audit, IKeyChangeNotifier changes, TimeProvider time) : DashboardPage
{
    private const int RecentCount = 10;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Granularity { get; set; } = "hour";

    public KeyResponse Key { get; private set; } = null!;

    public UsageChart? Usage { get; private set; }

    public IReadOnlyList<(string Type, long Count)> MessagesByType { get; private set; } = [];

    public IReadOnlyList<Allowance> Allowances { get; private set; } = [];

    public IReadOnlyList<AlertResponse> Alerts { get; private set; } = [];

    public IReadOnlyList<AuditEventResponse> AuditEvents { get; private set; } = [];

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadKeyAsync(cancellationToken) is { } missing)
        {
            return missing;
        }
        var range = UsageChart.Ranges.FirstOrDefault(r => r.Granularity == Granularity);
        if (range.Granularity is null)
        {
            (Granularity, range) = ("hour", UsageChart.Ranges[1]);
        }
        var now = time.GetUtcNow();
        if (Can(Permission.UsageRead))
        {
            var from = now - range.Range;
            var usage = await UsageEndpoints.KeyUsageAsync(Id, Iso(from), Iso(now), Granularity, null, HttpContext, db, time, cancellationToken);
            if (Take<UsageReport>(usage) is { } report)
            {
                Usage = UsageChart.From(report, BucketMinutes(Granularity));
            }
            var since = from.UtcDateTime;
            MessagesByType = (await db.Messages.AsNoTracking()
                    .Where(m => m.AccountId == Caller.AccountId && m.KeyId == Id && m.CreatedAt >= since)
                    .GroupBy(m => m.Type).Select(g => new { Type = g.Key, Count = g.LongCount() })
                    .ToListAsync(cancellationToken))
                .OrderByDescending(t => t.Count).Select(t => (t.Type, t.Count)).ToList();
        }
        Allowances = Take<IReadOnlyList<Allowance>>(await AllowanceEndpoints.GetAsync(Id, HttpContext, db, verifier, limiter, cancellationToken)) ?? [];
        Alerts = Take<Page<AlertResponse>>(await AlertEndpoints.ListAsync(null, Id, null, RecentCount, null, HttpContext, db, cancellationToken))?.Items ?? [];
        if (Can(Permission.AuditRead))
        {
            var events = await ListAuditEvents.HandleAsync(new AuditFilter(null, null, Id, null, null), RecentCount, null, HttpContext, db, cancellationToken);
            AuditEvents = Take<Page<AuditEventResponse>>(events)?.Items ?? [];
        }
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync() => ChangeStatusAsync(ChangeKeyStatus.DisableAsync, "Key disabled: it is refused until it is enabled again.");

    public Task<IActionResult> OnPostEnableAsync() => ChangeStatusAsync(ChangeKeyStatus.EnableAsync, "Key enabled.");

    private async Task<IActionResult> ChangeStatusAsync(
        Func<string, HttpContext, KeygateDbContext, AuditLog, IKeyChangeNotifier, TimeProvider, Task<Results<Ok<KeyResponse>, ProblemHttpResult>>> change,
        string notice)
    {
        if (!Can(Permission.KeysManage))
        {
            return Forbid();
        }
        var result = await change(Id, HttpContext, db, audit, changes, time);
        if (Succeeded(result))
        {
            Notice = notice;
        }
        else
        {
            Refusal = Error;
        }
        return Redirect(DashboardPaths.Key(Id));
    }

    private async Task<IActionResult?> LoadKeyAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow().UtcDateTime;
        var found = Take<KeyResponse>(await ListKeys.GetAsync(Id, HttpContext, db, time, cancellationToken));
        if (found is null)
        {
            return NotFound();
        }
        Key = found;
        return null;
    }

    private static long BucketMinutes(string granularity) => granularity switch
    {
        "minute" => 1,
        "day" => 1440,
        _ => 60,
    };

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
