using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Users: the account's users for everyone logged in; for owners and admins also the invite form, role changes
/// and disable/enable, each through the <c>/v1/users</c> handlers. The one-time password of an invitation is shown
/// once, in the POST's own answer.
/// </summary>
internal sealed class UsersModel(KeygateDbContext db, AuditLog audit, TimeProvider time) : DashboardPage
{
    private const int PageSize = 100;

    [BindProperty]
    public InviteForm Invite { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<UserResponse> Users { get; private set; } = [];

    public string? Next { get; private set; }

    public CreatedUserResponse? Invited { get; private set; }

    /// <summary>The forms are shown to owners and admins only; the handlers refuse anyone else whatever is posted.</summary>
    public bool CanManage => User.IsInRole(Roles.NameOf(UserRole.Owner)) || User.IsInRole(Roles.NameOf(UserRole.Admin));

    public string? MyId => Caller.UserId;

    public bool IsOwner => User.IsInRole(Roles.NameOf(UserRole.Owner));

    /// <summary>The roles this person may hand out: an admin never makes an owner.</summary>
    public IEnumerable<string> AssignableRoles => Enum.GetValues<UserRole>().Where(r => IsOwner || r != UserRole.Owner).Select(Roles.NameOf);

    /// <summary>Whether this person may change that user from here: never themselves, and an owner only if they are one.</summary>
    public bool CanChange(UserResponse user) => CanManage && user.Id != MyId && (IsOwner || user.Role != Roles.NameOf(UserRole.Owner));

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        var result = await CreateUser.HandleAsync(new CreateUserRequest(Invite.Email, Invite.Role), HttpContext, db, audit, time);
        Invited = Take<CreatedUserResponse>(result, InviteForm.ErrorAt);
        if (Invited is not null)
        {
            // The one-time password is in this answer only: never kept by a cache, never behind a GET.
            Response.Headers.CacheControl = "no-store";
            Invite = new InviteForm();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostRoleAsync(string userId, string role, CancellationToken cancellationToken) =>
        ChangeAsync(() => ChangeUser.RoleAsync(userId, new ChangeUserRoleRequest(role), HttpContext, db, audit, time), "role changed to " + role, cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string userId, CancellationToken cancellationToken) =>
        ChangeAsync(() => ChangeUser.DisableAsync(userId, HttpContext, db, audit, time), "disabled, and logged out everywhere", cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string userId, CancellationToken cancellationToken) =>
        ChangeAsync(() => ChangeUser.EnableAsync(userId, HttpContext, db, audit, time), "enabled", cancellationToken);

    private async Task<IActionResult> ChangeAsync(Func<Task<Results<Ok<UserResponse>, ProblemHttpResult>>> change, string what, CancellationToken cancellationToken)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        if (Take<UserResponse>(await change()) is { } changed)
        {
            Notice = $"{changed.Email}: {what}.";
            return RedirectToPage();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var result = await ListUsers.HandleAsync(PageSize, After, HttpContext, db, cancellationToken);
        if (Take<Page<UserResponse>>(result) is { } page)
        {
            Users = page.Items;
            Next = page.NextCursor;
        }
    }

    public sealed class InviteForm
    {
        public string? Email { get; set; }

        public string Role { get; set; } = Roles.NameOf(UserRole.Developer);

        public static (string Field, string Message) ErrorAt(string path, string message) =>
            (path == "role" ? "Invite.Role" : "Invite.Email", message);
    }
}
