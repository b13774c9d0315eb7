using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Misuse;
using Keygate.Storage;
using Keygate.Usage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// One key: its settings, usage over time (requests by outcome, messages by type and by pricing category), how much of each limit is left,
/// its recent alerts and audit events, and the buttons that change its status. Each section appears only for a
/// role that may read it through the API.
/// </summary>
[RequirePermission(Permission.KeysRead)]
internal sealed class KeyDetailsModel(
    ListAlerts alerts, ListAuditEvents auditEvents,
    KeygateDbContext db, FindKey find, ChangeKeyStatus change, UsageReports usage, KeyAllowances allowances, TimeProvider time) : DashboardPage
{
    private const int RecentCount = 10;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Granularity { get; set; } = "hour";

    public KeyResponse Key { get; private set; } = null!;

    /// <summary>The ranges offered, each with its bucket size.</summary>
    public static readonly IReadOnlyList<(string Granularity, string Label, TimeSpan Range)> Ranges =
    [
        ("minute", "Last hour, by minute", TimeSpan.FromHours(1)),
        ("hour", "Last day, by hour", TimeSpan.FromDays(1)),
        ("day", "Last 30 days, by day", TimeSpan.FromDays(30)),
    ];

    /// <summary>Outcomes in a fixed order, each with its colour: successes first, then the refusals.</summary>
    private static readonly IReadOnlyList<(string, string)> OutcomeColours =
    [
        (Outcomes.Ok, "#0b6e4f"),
        (Outcomes.ClientError, "#c77d00"),
        (Outcomes.RateLimited, "#7b4fb0"),
        (Outcomes.QuotaExceeded, "#1a5fd0"),
        (Outcomes.Forbidden, "#b5487b"),
        (Outcomes.Unauthenticated, "#5b6575"),
        (Outcomes.ServerError, "#a4161a"),
    ];

    public StackedChart? Requests { get; private set; }

    public StackedChart? Messages { get; private set; }

    /// <summary>Messages in the range by Meta's pricing category, as their statuses priced them.</summary>
    public IReadOnlyDictionary<string, long>? MessagesByCategory { get; private set; }

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
        var range = Ranges.FirstOrDefault(r => r.Granularity == Granularity);
        if (range.Granularity is null)
        {
            (Granularity, range) = ("hour", Ranges[1]);
        }
        var now = time.GetUtcNow();
        if (Can(Permission.UsageRead))
        {
            var from = now - range.Range;
            var outcome = await usage.ForKeyAsync(Caller, Id, UsageQuery.Of(from, now, Granularity), cancellationToken);
            if (Succeeded(outcome) && outcome.Value is { } report)
            {
                Requests = StackedChart.From("requests", Granularity, report.Series.Where(p => !p.Group.StartsWith(UsageRecorder.CategoryPrefix, StringComparison.Ordinal))
                    .Select(p => new StackedChart.Point(p.Time, p.Outcome, p.Count)), report.From, report.To, OutcomeColours);
                MessagesByCategory = report.MessagesByCategory;
            }
            Messages = StackedChart.From("messages", Granularity, await MessagesByTypeAsync(from.UtcDateTime, cancellationToken),
                from.UtcDateTime, now.UtcDateTime, []);
        }
        var left = await allowances.ForKeyAsync(Caller, Id, cancellationToken);
        Allowances = Succeeded(left) ? left.Value! : [];
        var recentAlerts = await alerts.ListAsync(Caller, null, Id, null, RecentCount, null, cancellationToken);
        Alerts = Succeeded(recentAlerts) ? recentAlerts.Value!.Items : [];
        if (Can(Permission.AuditRead))
        {
            var events = await auditEvents.ListAsync(Caller, new AuditFilter(null, null, Id, null, null), RecentCount, null, cancellationToken);
            AuditEvents = Succeeded(events) ? events.Value!.Items : [];
        }
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken) =>
        ChangeStatusAsync(change.DisableAsync, "Key disabled: it is refused until it is enabled again.", cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) => ChangeStatusAsync(change.EnableAsync, "Key enabled.", cancellationToken);

    private async Task<IActionResult> ChangeStatusAsync(
        Func<Actor, string, IfMatch, CancellationToken, Task<Outcome<Versioned<KeyResponse>>>> changeStatus, string notice, CancellationToken cancellationToken)
    {
        if (!Can(Permission.KeysManage))
        {
            return Forbid();
        }
        if (Succeeded(await changeStatus(Actor.From(HttpContext), Id, IfMatch.None, cancellationToken)))
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
        if (await find.FindAsync(Caller, Id, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        Key = found.Value;
        return null;
    }

    /// <summary>
    /// The key's sends per type and time bucket, counted by the database (the date parts translate to strftime on
    /// SQLite), so a busy key's day is a few hundred rows, not every message.
    /// </summary>
    private async Task<IEnumerable<StackedChart.Point>> MessagesByTypeAsync(DateTime since, CancellationToken cancellationToken)
    {
        var sent = db.Messages.AsNoTracking().Where(m => m.AccountId == Caller.AccountId && m.KeyId == Id && m.CreatedAt >= since);
        var byMinute = Granularity == "minute";
        var byHour = Granularity != "day";
        var rows = await sent
            .GroupBy(m => new { m.CreatedAt.Date, Hour = byHour ? m.CreatedAt.Hour : 0, Minute = byMinute ? m.CreatedAt.Minute : 0, m.Type })
            .Select(g => new { g.Key.Date, g.Key.Hour, g.Key.Minute, g.Key.Type, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new StackedChart.Point(
            DateTime.SpecifyKind(r.Date, DateTimeKind.Utc).AddHours(r.Hour).AddMinutes(r.Minute), r.Type, r.Count));
    }
}
