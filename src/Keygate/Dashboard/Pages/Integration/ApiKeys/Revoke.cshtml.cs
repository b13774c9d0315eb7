using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>Revoke, after a confirmation page that names the key: the one change that cannot be undone.</summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class RevokeKeyModel(FindKey find, ChangeKeyStatus change) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public KeyResponse Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await find.FindAsync(Caller, Id, cancellationToken) is not { } found)
        {
            return NotFound();
        }
        Key = found.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await change.RevokeAsync(Actor.From(HttpContext), Id, IfMatch.None, cancellationToken);
        if (Succeeded(outcome))
        {
            Notice = $"{outcome.Value!.Value.Name} is revoked: every request with it is refused.";
            return Redirect(DashboardPaths.Key(Id));
        }
        return NotFound();
    }
}
