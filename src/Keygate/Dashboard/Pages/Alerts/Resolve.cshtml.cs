using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Misuse;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// The Resolve button of the alerts page, a page of its own so that it carries the permission of
/// <c>POST /v1/alerts/{id}/resolve</c> (the list needs less), and goes through that endpoint's handler.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class ResolveAlertModel(KeygateDbContext db, AuditLog audit, TimeProvider time) : DashboardPage
{
    public IActionResult OnGet() => Redirect(DashboardPaths.Alerts);

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var result = await AlertEndpoints.ResolveAsync(id, HttpContext, db, audit, time, cancellationToken);
        if (!Succeeded(result))
        {
            // The one refusal is "no such alert in this account": another account's alert is as absent as a made-up one.
            return NotFound();
        }
        Notice = "Alert resolved.";
        return Redirect(DashboardPaths.Alerts);
    }
}
