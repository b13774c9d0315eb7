using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// One webhook: its settings to edit, a test event, a new secret (shown once), delete, and its delivery log, each
/// through the handler of the matching <c>/v1/webhooks/{id}</c> call.
/// </summary>
[RequirePermission(Permission.WebhooksManage)]
internal sealed class WebhookModel(KeygateDbContext db, AuditLog audit, SecretProtector protector, CallbackGuard guard,
    IOptions<WebhookOptions> options, TimeProvider time) : WebhookFormPage
{
    private const int PageSize = 50;

    private string? _etag;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    /// <summary>The delivery log's filter: pending, delivered or failed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public WebhookResponse? Subscription { get; private set; }

    public IReadOnlyList<WebhookDeliveryResponse> Deliveries { get; private set; } = [];

    public string? Next { get; private set; }

    /// <summary>The subscription with its new secret, in the rotate POST's own answer only.</summary>
    public WebhookResponse? Rotated { get; private set; }

    public override bool Creating => false;

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The ETag the form was opened with, as the API's If-Match: an edit over someone else's is refused, not merged.
        RequireIfMatch(Form.ETag);
        var result = await UpdateWebhook.HandleAsync(Id, Json(Form.ToBody()), HttpContext, db, audit, guard, options, time, cancellationToken);
        if (Succeeded(result, WebhookForm.ErrorAt))
        {
            Notice = "Webhook saved.";
            return Redirect(DashboardPaths.Webhook(Id));
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        if (Succeeded(await SendTestWebhook.HandleAsync(Id, HttpContext, db, time, cancellationToken)))
        {
            Notice = "Test event queued: its delivery is in the log below.";
            return Redirect(DashboardPaths.Webhook(Id));
        }
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken cancellationToken)
    {
        Rotated = Take<WebhookResponse>(await RotateWebhookSecret.HandleAsync(Id, HttpContext, db, audit, protector, time, cancellationToken));
        if (Rotated is null)
        {
            return await ShowAsync(cancellationToken);
        }
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (Succeeded(await DeleteWebhook.HandleAsync(Id, HttpContext, db, audit, cancellationToken)))
        {
            Notice = "Webhook deleted.";
            return Redirect(DashboardPaths.Webhooks);
        }
        return await ShowAsync(cancellationToken);
    }

    public string NextPageUrl(string cursor) => QueryHelpers.AddQueryString(DashboardPaths.Webhook(Id), new Dictionary<string, string?>
    {
        ["status"] = Status,
        ["after"] = cursor,
    });

    /// <summary>The badge class of a delivery's status, from the stylesheet's existing colours.</summary>
    public static string BadgeOf(string status) => status switch
    {
        "delivered" => "status-active",
        "failed" => "status-revoked",
        _ => "status-disabled",
    };

    /// <summary>The page as the subscription stands: on a GET, and after an action was refused (its problem is then the page's error).</summary>
    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }
        Form = WebhookForm.From(Subscription!, _etag);
        return Page();
    }

    /// <summary>The subscription, its delivery log and the numbers to choose from; false when the account has no such subscription.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        // Read without showing its problem: a missing subscription is the page's 404, not a message on it.
        if ((await ListWebhooks.GetAsync(Id, HttpContext, db, cancellationToken)).Result is not Ok<WebhookResponse> { Value: { } subscription })
        {
            return false;
        }
        Subscription = subscription;
        // The API's ETag is for the edit form's If-Match (DashboardPage keeps it off the HTML page itself).
        _etag = Response.Headers.ETag;
        var fields = FieldsNamed(("status", nameof(Status)));
        var log = await ListWebhookDeliveries.HandleAsync(Id, Status, PageSize, After, HttpContext, db, cancellationToken);
        if (Take<Page<WebhookDeliveryResponse>>(log, fields) is { } page)
        {
            Deliveries = page.Items;
            Next = page.NextCursor;
        }
        await LoadNumbersAsync(db, time, cancellationToken);
        return true;
    }
}
