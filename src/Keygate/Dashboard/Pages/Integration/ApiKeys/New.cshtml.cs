using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// + Add New API Key: the form, then (on Submit) the key and its secret, shown once in the POST's own answer:
/// never behind a GET whose URL or history entry could show it again, and marked not to be stored.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class NewKeyModel(KeygateDbContext db, AuditLog audit, SecretProtector protector, IKeyChangeNotifier changes,
    IAccountPhoneNumbers numbers, TimeProvider time)
    : KeyFormPage
{
    public KeyResponse? Created { get; private set; }

    public override bool Creating => true;

    public override string CancelUrl => DashboardPaths.Keys;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadNumbersAsync(db, time, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var body = Json(Form.ToBody(creating: true));
        var result = await CreateKey.HandleAsync(body, HttpContext, db, audit, protector, changes, numbers, time, cancellationToken);
        Created = Take<KeyResponse>(result, Form.ErrorAt);
        if (Created is not null)
        {
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        Form.WithSpareRows();
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }
}
