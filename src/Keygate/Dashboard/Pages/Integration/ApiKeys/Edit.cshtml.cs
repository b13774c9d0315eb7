using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// The Edit icon's page: the key form filled in. Submit is <c>PATCH /v1/keys/{id}</c> with the ETag the form was
/// opened with as <c>If-Match</c>, so an edit of a key someone changed in between is refused, not merged over theirs.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class EditKeyModel(KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, IAccountPhoneNumbers numbers, TimeProvider time)
    : KeyFormPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public string OriginalName { get; private set; } = "";

    /// <summary>True when the key changed since the form was opened.</summary>
    public bool Stale { get; private set; }

    public override bool Creating => false;

    public override string CancelUrl => DashboardPaths.Key(Id);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } current)
        {
            return NotFound();
        }
        Form = KeyForm.From(current.Key);
        Form.ETag = current.ETag;
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is not { } current)
        {
            return NotFound();
        }
        var body = Json(Form.ToBody(creating: false, labelsBefore: current.Key.Labels));
        RequireIfMatch(Form.ETag);
        var result = await UpdateKey.HandleAsync(Id, body, HttpContext, db, audit, changes, numbers, time, cancellationToken);
        if (Take<KeyResponse>(result, Form.ErrorAt) is { } saved)
        {
            Notice = $"Saved the changes to {saved.Name}.";
            return Redirect(DashboardPaths.Key(Id));
        }
        Stale = result.Result is ProblemHttpResult { StatusCode: StatusCodes.Status412PreconditionFailed };
        if (Stale)
        {
            Error = null; // the warning above the form says it better
        }
        Form.WithSpareRows();
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }

    private async Task<(KeyResponse Key, string ETag)?> CurrentAsync(CancellationToken cancellationToken)
    {
        var key = Take<KeyResponse>(await ListKeys.GetAsync(Id, HttpContext, db, time, cancellationToken));
        var etag = Response.Headers.ETag.ToString();
        if (key is null)
        {
            return null;
        }
        OriginalName = key.Name;
        return (key, etag);
    }
}
