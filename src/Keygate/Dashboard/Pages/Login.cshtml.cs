using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>The login form: the same check, throttle and audit entries as <c>POST /v1/auth/login</c>.</summary>
internal sealed class LoginModel(KeygateDbContext db, AuditLog audit, LoginThrottle throttle, TimeProvider time) : DashboardPage
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
        var result = await AuthEndpoints.LoginAsync(new LoginRequest(Email, Password), HttpContext, db, audit, throttle, time);
        Password = null; // never echoed back into the form
        if (result.Result is Ok<LoginResponse> { Value: { } login })
        {
            return Redirect(Next(login.MustChangePassword));
        }
        Succeeded(result);
        return Page();
    }

    /// <summary>A password someone else handed out is changed first; otherwise back where the person was going, if that is a dashboard page.</summary>
    private string Next(bool mustChangePassword) =>
        mustChangePassword ? DashboardPaths.Password
        : ReturnUrl is { } back && Url.IsLocalUrl(back) && back.StartsWith(DashboardPaths.Root + "/", StringComparison.Ordinal) ? back
        : DashboardPaths.Home;
}
