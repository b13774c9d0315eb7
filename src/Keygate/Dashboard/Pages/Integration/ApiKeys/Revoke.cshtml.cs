using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>Revoke, after a confirmation page that names the key: the one change that cannot be undone.</summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class RevokeKeyModel(KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, TimeProvider time) : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public KeyResponse Key { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var key = Take<KeyResponse>(await ListKeys.GetAsync(Id, HttpContext, db, time, cancellationToken));
        if (key is null)
        {
            return NotFound();
        }
        Key = key;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await ChangeKeyStatus.RevokeAsync(Id, HttpContext, db, audit, changes, time);
        if (Take<KeyResponse>(result) is { } revoked)
        {
            Notice = $"{revoked.Name} is revoked: every request with it is refused.";
            return Redirect(DashboardPaths.Key(Id));
        }
        return NotFound();
    }
}
