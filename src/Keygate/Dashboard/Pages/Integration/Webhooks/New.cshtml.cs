using Keygate.Authorization;
using Keygate.Storage;
using Keygate.Webhooks;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// + Add webhook: the form, then (on submit) the subscription's signing secret, shown once in the POST's own answer,
/// through the same lifecycle service as <c>POST /v1/webhooks</c>.
/// </summary>
[RequirePermission(Permission.WebhooksManage)]
internal sealed class NewWebhookModel(CreateWebhook create, KeygateDbContext db, TimeProvider time) : WebhookFormPage
{
    public WebhookResponse? Created { get; private set; }

    public override bool Creating => true;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadNumbersAsync(db, time, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await create.CreateAsync(Actor.From(HttpContext), Form.ToEdit(), cancellationToken);
        if (Succeeded(outcome, WebhookForm.ErrorAt))
        {
            Created = outcome.Value!.Value;
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }
}
