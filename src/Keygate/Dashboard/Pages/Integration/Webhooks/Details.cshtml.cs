using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// One webhook: its settings to edit, a test event, a new secret (shown once), delete, and its delivery log, each
/// through the same lifecycle service or query as the matching <c>/v1/webhooks/{id}</c> call.
/// </summary>
[RequirePermission(Permission.WebhooksManage)]
internal sealed class WebhookModel(WebhookQueries queries, UpdateWebhook update, SendTestWebhook test, RotateWebhookSecret rotate,
    DeleteWebhook delete, KeygateDbContext db, TimeProvider time) : WebhookFormPage
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
        // The ETag the form was opened with: an edit over someone else's is refused, not merged. A form that lost it
        // asks with an empty one, which matches nothing, rather than with none, which would overwrite whatever is stored.
        var ifMatch = IfMatch.Of(Form.ETag ?? "");
        if (Succeeded(await update.UpdateAsync(Actor.From(HttpContext), Id, ifMatch, Form.ToEdit(), cancellationToken), WebhookForm.ErrorAt))
        {
            Notice = "Webhook saved.";
            return Redirect(DashboardPaths.Webhook(Id));
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken cancellationToken)
    {
        if (Succeeded(await test.SendAsync(Actor.From(HttpContext), Id, cancellationToken)))
        {
            Notice = "Test event queued: its delivery is in the log below.";
            return Redirect(DashboardPaths.Webhook(Id));
        }
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken cancellationToken)
    {
        var outcome = await rotate.RotateAsync(Actor.From(HttpContext), Id, IfMatch.None, cancellationToken);
        if (!Succeeded(outcome))
        {
            return await ShowAsync(cancellationToken);
        }
        Rotated = outcome.Value!.Value;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (Succeeded(await delete.DeleteAsync(Actor.From(HttpContext), Id, IfMatch.None, cancellationToken)))
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
        // A missing subscription is the page's 404, not a message on it.
        if (await queries.FindAsync(Caller, Id, cancellationToken) is not { } found)
        {
            return false;
        }
        Subscription = found.Value;
        // For the edit form, which sends it back: the edit is refused if the subscription changed meanwhile.
        _etag = found.ETag;
        var log = await queries.ListDeliveriesAsync(Caller, Id, Status, PageSize, After, cancellationToken);
        if (Succeeded(log, FieldsNamed(("status", nameof(Status)))))
        {
            Deliveries = log.Value!.Items;
            Next = log.Value.NextCursor;
        }
        await LoadNumbersAsync(db, time, cancellationToken);
        return true;
    }
}
