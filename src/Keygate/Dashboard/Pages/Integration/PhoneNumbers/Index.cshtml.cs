using System.Globalization;
using Keygate.Authorization;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard.Pages;

/// <summary>
/// Integration → Phone numbers: the account's numbers with a real number's health at Meta, the sandbox number's test recipients, and registering a number
/// at Meta, all through the services behind <c>/v1/phone-numbers</c> (which needs <c>keys:manage</c>, even to list, as this page does).
/// Meta's access token and app secret are write-only: never put back into the form, never shown.
/// </summary>
[RequirePermission(Permission.KeysManage)]
internal sealed class PhoneNumbersModel(ListPhoneNumbers numbers, UpdatePhoneNumber update, RegisterPhoneNumber register, RefreshPhoneNumber refresh)
    : DashboardPage
{
    public sealed class RecipientsForm
    {
        public string? NumberId { get; set; }

        /// <summary>One phone number per line.</summary>
        public string? Recipients { get; set; }
    }

    public sealed class RegisterForm
    {
        public string? PhoneNumberId { get; set; }
        public string? WabaId { get; set; }
        public string? DisplayNumber { get; set; }
        public string? VerifiedName { get; set; }
        public string? AccessToken { get; set; }
        public string? AppSecret { get; set; }
        /// <summary>Empty: Keygate makes one and shows it once.</summary>
        public string? VerifyToken { get; set; }
    }

    [BindProperty]
    public RecipientsForm Edit { get; set; } = new();

    [BindProperty]
    public RegisterForm Register { get; set; } = new();

    public IReadOnlyList<PhoneNumberResponse> Numbers { get; private set; } = [];

    /// <summary>The number just registered with the verify token Keygate made for it: shown in this answer only.</summary>
    public RegisteredPhoneNumberResponse? Registered { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>Replaces the sandbox number's test recipients (the whole list, one per non-empty line).</summary>
    public async Task<IActionResult> OnPostRecipientsAsync(CancellationToken cancellationToken)
    {
        var lines = KeyForm.Lines(Edit.Recipients);
        var outcome = await update.UpdateAsync(Actor.From(HttpContext), Edit.NumberId ?? "", new PhoneNumberChange(lines), cancellationToken);
        if (Succeeded(outcome, (path, message) => ($"{nameof(Edit)}.{nameof(RecipientsForm.Recipients)}", LineOf(path, lines) + message)))
        {
            Notice = "Test recipients saved.";
            return Redirect(DashboardPaths.PhoneNumbers);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(CancellationToken cancellationToken)
    {
        var form = Register;
        var request = new RegisterPhoneNumberRequest(Blank(form.PhoneNumberId), Blank(form.WabaId), Blank(form.DisplayNumber), Blank(form.VerifiedName),
            Blank(form.AccessToken), Blank(form.AppSecret), Blank(form.VerifyToken));
        // Whatever the outcome, the secrets typed are not written back into the page.
        Register = new RegisterForm { PhoneNumberId = form.PhoneNumberId, WabaId = form.WabaId, DisplayNumber = form.DisplayNumber, VerifiedName = form.VerifiedName };
        var outcome = await register.RegisterAsync(Actor.From(HttpContext), request, cancellationToken);
        var prefix = nameof(Register) + ".";
        var fields = FieldsNamed(("phoneNumberId", prefix + nameof(RegisterForm.PhoneNumberId)), ("wabaId", prefix + nameof(RegisterForm.WabaId)),
            ("displayNumber", prefix + nameof(RegisterForm.DisplayNumber)), ("verifiedName", prefix + nameof(RegisterForm.VerifiedName)),
            ("accessToken", prefix + nameof(RegisterForm.AccessToken)), ("appSecret", prefix + nameof(RegisterForm.AppSecret)),
            ("verifyToken", prefix + nameof(RegisterForm.VerifyToken)));
        if (!Succeeded(outcome, fields) || outcome.Value is not { } registered)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        if (request.VerifyToken is not null)
        {
            // The person chose the verify token and has it; it is not shown back.
            Notice = $"{registered.Number.DisplayNumber} registered.";
            return Redirect(DashboardPaths.PhoneNumbers);
        }
        Registered = registered;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    /// <summary>Reads a real number's health from Meta again.</summary>
    public async Task<IActionResult> OnPostRefreshAsync(string? id, CancellationToken cancellationToken)
    {
        if (Succeeded(await refresh.RefreshAsync(Actor.From(HttpContext), id ?? "", cancellationToken)))
        {
            Notice = "Health read from Meta.";
            return Redirect(DashboardPaths.PhoneNumbers);
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Numbers = await numbers.ListAsync(Caller, cancellationToken);
        if (Edit.NumberId is null && Numbers.FirstOrDefault(n => n.Provider == "sandbox") is { } sandbox)
        {
            Edit = new RecipientsForm { NumberId = sandbox.Id, Recipients = string.Join('\n', sandbox.TestRecipients) };
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The service counts the items it was given, which are the non-empty lines: its <c>testRecipients[2]</c> is the third of those.</summary>
    private static string LineOf(string path, List<string> lines) =>
        path.IndexOf('[', StringComparison.Ordinal) is var open and >= 0
        && int.TryParse(path.AsSpan(open + 1, path.Length - open - 2), CultureInfo.InvariantCulture, out var index) && index < lines.Count
            ? $"“{lines[index]}”: " : "";
}
