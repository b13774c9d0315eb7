using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// The Edit icon's page: the key form filled in. Submit saves it as an edit of the version the form was opened with
/// (its ETag), so an edit of a key someone changed in between is refused, not merged over theirs.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class EditKeyModel(FindKey find, UpdateKey update, KeygateDbContext db, TimeProvider time) : KeyFormPage
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
        Form = KeyForm.From(current.Value);
        Form.ETag = current.ETag;
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await CurrentAsync(cancellationToken) is null)
        {
            return NotFound();
        }
        // A form that lost its ETag names no version, which matches none: it must not overwrite whatever is stored.
        var outcome = await update.UpdateAsync(Actor.From(HttpContext), Id, IfMatch.Of(Form.ETag ?? ""), Form.ToEdit(creating: false), cancellationToken);
        if (Succeeded(outcome, Form.ErrorAt))
        {
            Notice = $"Saved the changes to {outcome.Value!.Value.Name}.";
            return Redirect(DashboardPaths.Key(Id));
        }
        Stale = outcome.Kind is OutcomeKind.Stale;
        if (Stale)
        {
            Error = null; // the warning above the form says it better
        }
        Form.WithSpareRows();
        await LoadNumbersAsync(db, time, cancellationToken);
        return Page();
    }

    private async Task<Versioned<KeyResponse>?> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = await find.FindAsync(Caller, Id, cancellationToken);
        OriginalName = current?.Value.Name ?? "";
        return current;
    }
}
