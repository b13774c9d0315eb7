using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>Rotate, with a grace period for the old secret; the new secret is shown once, in the POST's own answer.</summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class RotateKeyModel(FindKey find, RotateKey rotate) : DashboardPage
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
        var outcome = await rotate.RotateAsync(Actor.From(HttpContext), Id, IfMatch.None, new RotateKeyRequest(GracePeriodSeconds, null), cancellationToken);
        if (Succeeded(outcome, (path, message) => (nameof(GracePeriodSeconds), message)))
        {
            Rotated = outcome.Value!.Value;
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Key = (await find.FindAsync(Caller, Id, cancellationToken))?.Value;
        return Key is not null;
    }
}
