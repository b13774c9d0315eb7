using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>Rotate, with a grace period for the old secret; the new secret is shown once, in the POST's own answer.</summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class RotateKeyModel(KeygateDbContext db, AuditLog audit, SecretProtector protector, IKeyChangeNotifier changes, TimeProvider time)
    : DashboardPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty]
    public int GracePeriodSeconds { get; set; } = 3600;

    public KeyResponse? Key { get; private set; }

    public KeyResponse? Rotated { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await RotateKey.HandleAsync(Id, new RotateKeyRequest(GracePeriodSeconds, null), HttpContext, db, audit, protector, changes, time, cancellationToken);
        Rotated = Take<KeyResponse>(result, (path, message) => (nameof(GracePeriodSeconds), message));
        if (Rotated is not null)
        {
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Key = Take<KeyResponse>(await ListKeys.GetAsync(Id, HttpContext, db, time, cancellationToken));
        return Key is not null;
    }
}
