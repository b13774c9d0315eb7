using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>The login form: the same service (check, throttle and audit entries) as <c>POST /v1/auth/login</c>.</summary>
internal sealed class LoginModel(LogIn logIn) : DashboardPage
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => User.IsAuthenticated() ? Redirect(Next(mustChangePassword: false)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await logIn.LogInAsync(new LoginRequest(Email, Password), AuditEntry.AddressOf(HttpContext), HttpContext.RequestAborted);
        Password = null; // never echoed back into the form
        if (!Succeeded(outcome))
        {
            return Page();
        }
        var (user, session) = outcome.Value!;
        await HttpContext.SignInAsync(SessionCookie.SchemeName, SessionCookie.PrincipalFor(user, session));
        return Redirect(Next(user.MustChangePassword));
    }

    /// <summary>A password someone else handed out is changed first; otherwise back where the person was going, if that is a dashboard page.</summary>
    private string Next(bool mustChangePassword) =>
        mustChangePassword ? DashboardPaths.Password
        : ReturnUrl is { } back && Url.IsLocalUrl(back) && back.StartsWith(DashboardPaths.Root + "/", StringComparison.Ordinal) ? back
        : DashboardPaths.Home;
}
