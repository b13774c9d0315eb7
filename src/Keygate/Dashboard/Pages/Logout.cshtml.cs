using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>Ends the session on the server (a copied cookie stops working too), like <c>POST /v1/auth/logout</c>.</summary>
internal sealed class LogoutModel(KeygateDbContext db, AuditLog audit, TimeProvider time) : DashboardPage
{
    protected override bool OpenBeforePasswordChange => true;

    public IActionResult OnGet() => Redirect(DashboardPaths.Home);

    public async Task<IActionResult> OnPostAsync()
    {
        await AuthEndpoints.LogoutAsync(HttpContext, db, audit, time);
        return Redirect(DashboardPaths.Login);
    }
}
