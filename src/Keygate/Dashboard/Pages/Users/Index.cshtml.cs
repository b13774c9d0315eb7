using Keygate.Accounts;
using Keygate.Authorization;
using Keygate.Http;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Users: the account's users for everyone logged in; for owners and admins also the invite form, role changes
/// and disable/enable, each through the same services as <c>/v1/users</c>. The one-time password of an invitation is shown
/// once, in the POST's own answer.
/// </summary>
internal sealed class UsersModel(ListUsers users, CreateUser create, ChangeUser change) : DashboardPage
{
    private const int PageSize = 100;

    [BindProperty]
    public InviteForm Invite { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<UserResponse> Users { get; private set; } = [];

    public string? Next { get; private set; }

    public CreatedUserResponse? Invited { get; private set; }

    /// <summary>The forms are shown to owners and admins only; the services refuse anyone else whatever is posted.</summary>
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
        var outcome = await create.CreateAsync(Actor.From(HttpContext), new CreateUserRequest(Invite.Email, Invite.Role), cancellationToken);
        if (Succeeded(outcome, InviteForm.ErrorAt))
        {
            Invited = outcome.Value;
            // The one-time password is in this answer only: never kept by a cache, never behind a GET.
            Response.Headers.CacheControl = "no-store";
            Invite = new InviteForm();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostRoleAsync(string userId, string role, CancellationToken cancellationToken) =>
        ChangeAsync(() => change.ChangeRoleAsync(Actor.From(HttpContext), userId, role, cancellationToken), "role changed to " + role, cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string userId, CancellationToken cancellationToken) =>
        ChangeAsync(() => change.DisableAsync(Actor.From(HttpContext), userId, cancellationToken), "disabled, and logged out everywhere", cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string userId, CancellationToken cancellationToken) =>
        ChangeAsync(() => change.EnableAsync(Actor.From(HttpContext), userId, cancellationToken), "enabled", cancellationToken);

    private async Task<IActionResult> ChangeAsync(Func<Task<Outcome<UserResponse>>> apply, string what, CancellationToken cancellationToken)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        var outcome = await apply();
        if (Succeeded(outcome))
        {
            Notice = $"{outcome.Value!.Email}: {what}.";
            return RedirectToPage();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var outcome = await users.ListAsync(Caller, PageSize, After, cancellationToken);
        if (Succeeded(outcome) && outcome.Value is { } page)
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
