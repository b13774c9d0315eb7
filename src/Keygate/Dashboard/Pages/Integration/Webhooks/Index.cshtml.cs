using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>Integration → Webhooks: the account's subscriptions through <c>GET /v1/webhooks</c>'s own handler. Never a secret.</summary>
[RequirePermission(Permission.WebhooksManage)]
internal sealed class WebhooksModel(KeygateDbContext db) : DashboardPage
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<WebhookResponse> Subscriptions { get; private set; } = [];

    public string? Next { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (Take<Page<WebhookResponse>>(await ListWebhooks.HandleAsync(PageSize, After, HttpContext, db, cancellationToken)) is { } page)
        {
            Subscriptions = page.Items;
            Next = page.NextCursor;
        }
    }

    public static string NextPageUrl(string cursor) => QueryHelpers.AddQueryString(DashboardPaths.Webhooks, "after", cursor);
}
