using Keygate.Authorization;
using Keygate.Misuse;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// The Resolve button of the alerts page, a page of its own so that it carries the permission of
/// <c>POST /v1/alerts/{id}/resolve</c> (the list needs less), and goes through that endpoint's service.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class ResolveAlertModel(ResolveAlert resolve) : DashboardPage
{
    public IActionResult OnGet() => Redirect(DashboardPaths.Alerts);

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        if (!Succeeded(await resolve.ResolveAsync(Actor.From(HttpContext), id, cancellationToken)))
        {
            // The one refusal is "no such alert in this account": another account's alert is as absent as a made-up one.
            return NotFound();
        }
        Notice = "Alert resolved.";
        return Redirect(DashboardPaths.Alerts);
    }
}
