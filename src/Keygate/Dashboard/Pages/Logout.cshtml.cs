using System.Security.Claims;
using Keygate.Accounts;
using Keygate.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>Ends the session on the server (a copied cookie stops working too), like <c>POST /v1/auth/logout</c>.</summary>
internal sealed class LogoutModel(LogOut logOut) : DashboardPage
{
    protected override bool OpenBeforePasswordChange => true;

    public IActionResult OnGet() => Redirect(DashboardPaths.Home);

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.FindFirstValue(Caller.SessionClaim) is { } sessionId)
        {
            await logOut.LogOutAsync(Actor.From(HttpContext), sessionId, HttpContext.RequestAborted);
            await HttpContext.SignOutAsync(SessionCookie.SchemeName);
        }
        return Redirect(DashboardPaths.Login);
    }
}
