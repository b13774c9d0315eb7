using Keygate.Authorization;
using Keygate.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>Integration → Webhooks: the account's subscriptions, as <c>GET /v1/webhooks</c> lists them. Never a secret.</summary>
[RequirePermission(Permission.WebhooksManage)]
internal sealed class WebhooksModel(WebhookQueries queries) : DashboardPage
{
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<WebhookResponse> Subscriptions { get; private set; } = [];

    public string? Next { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var outcome = await queries.ListAsync(Caller, PageSize, After, cancellationToken);
        if (Succeeded(outcome))
        {
            Subscriptions = outcome.Value!.Items;
            Next = outcome.Value.NextCursor;
        }
    }

    public static string NextPageUrl(string cursor) => QueryHelpers.AddQueryString(DashboardPaths.Webhooks, "after", cursor);
}
