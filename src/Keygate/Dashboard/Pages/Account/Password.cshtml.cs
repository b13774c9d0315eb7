using System.Security.Claims;
using Keygate.Accounts;
using Keygate.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Change password, through the same service as <c>POST /v1/auth/password</c>. A person whose password was handed to them
/// (an invitation, a new account's owner) is sent here after login, and told why.
/// </summary>
internal sealed class PasswordModel(ChangePassword change) : DashboardPage
{
    protected override bool OpenBeforePasswordChange => true;

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    /// <summary>Read with the session on each request (SessionCookie), so it is current right after a change.</summary>
    public bool MustChange => User.HasClaim(SessionCookie.MustChangePasswordClaim, "true");

    public bool Changed { get; private set; }

    public void OnGet() => Changed = Notice is not null;

    public async Task<IActionResult> OnPostAsync()
    {
        // A typing slip caught here costs no attempt against the throttle; the API has no such field.
        if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "Does not match the new password.");
        }
        else
        {
            var outcome = await change.ChangeAsync(Actor.From(HttpContext), User.FindFirstValue(Caller.SessionClaim),
                new ChangePasswordRequest(CurrentPassword, NewPassword), HttpContext.RequestAborted);
            if (Succeeded(outcome, ErrorAt))
            {
                Notice = "Password changed. Any other session of yours has been logged out.";
                return RedirectToPage();
            }
        }
        // Never echoed back into the form.
        CurrentPassword = NewPassword = ConfirmPassword = null;
        return Page();
    }

    private static (string Field, string Message) ErrorAt(string path, string message) =>
        (path == "currentPassword" ? nameof(CurrentPassword) : nameof(NewPassword), message);
}
