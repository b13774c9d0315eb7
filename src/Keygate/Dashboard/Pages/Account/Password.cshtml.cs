using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Change password, through <c>POST /v1/auth/password</c>'s own handler. A person whose password was handed to them
/// (an invitation, a new account's owner) is sent here after login, and told why.
/// </summary>
internal sealed class PasswordModel(KeygateDbContext db, AuditLog audit, LoginThrottle throttle, TimeProvider time) : DashboardPage
{
    protected override bool OpenBeforePasswordChange => true;

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool MustChange { get; private set; }

    public bool Changed { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Changed = Notice is not null;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A typing slip caught here costs no attempt against the throttle; the API has no such field.
        if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "Does not match the new password.");
        }
        else
        {
            var result = await ChangePassword.HandleAsync(new ChangePasswordRequest(CurrentPassword, NewPassword), HttpContext, db, audit, throttle, time);
            if (Succeeded(result, ErrorAt))
            {
                Notice = "Password changed. Any other session of yours has been logged out.";
                return RedirectToPage();
            }
        }
        // Never echoed back into the form.
        CurrentPassword = NewPassword = ConfirmPassword = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = Caller.UserId;
        MustChange = await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.MustChangePassword, cancellationToken);
    }

    private static (string Field, string Message) ErrorAt(string path, string message) =>
        (path == "currentPassword" ? nameof(CurrentPassword) : nameof(NewPassword), message);
}
