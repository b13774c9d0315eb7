using Keygate.Authorization;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// + Add New API Key: the form, then (on Submit) the key and its secret, shown once in the POST's own answer:
/// never behind a GET whose URL or history entry could show it again, and marked not to be stored.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class NewKeyModel(CreateKey create, KeygateDbContext db, TimeProvider time) : KeyFormPage
{
    public KeyResponse? Created { get; private set; }

    public override bool Creating => true;

    public override string CancelUrl => DashboardPaths.Keys;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadNumbersAsync(db, time, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await create.CreateAsync(Actor.From(HttpContext), Form.ToEdit(creating: true), cancellationToken);
        if (Succeeded(outcome, Form.ErrorAt))
        {
            Created = outcome.Value!.Value;
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        Form.WithSpareRows();
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }
}
