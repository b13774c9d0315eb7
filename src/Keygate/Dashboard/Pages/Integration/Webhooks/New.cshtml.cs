using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// + Add webhook: the form, then (on submit) the subscription's signing secret, shown once in the POST's own answer,
/// through <c>POST /v1/webhooks</c>'s own handler.
/// </summary>
[RequirePermission(Permission.WebhooksManage)]
internal sealed class NewWebhookModel(KeygateDbContext db, AuditLog audit, SecretProtector protector, CallbackGuard guard,
    IOptions<WebhookOptions> options, TimeProvider time) : WebhookFormPage
{
    public WebhookResponse? Created { get; private set; }

    public override bool Creating => true;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadNumbersAsync(db, time, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await CreateWebhook.HandleAsync(Json(Form.ToBody()), HttpContext, db, audit, protector, guard, options, time, cancellationToken);
        Created = Take<WebhookResponse>(result, WebhookForm.ErrorAt);
        if (Created is not null)
        {
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }
}
