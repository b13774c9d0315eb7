using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard;

/// <summary>What the create and edit pages share: the posted form and the account's phone numbers to choose from.</summary>
internal abstract class KeyFormPage : DashboardPage
{
    [BindProperty]
    public KeyForm Form { get; set; } = KeyForm.Blank();

    public IReadOnlyList<PhoneNumberResponse> PhoneNumbers { get; protected set; } = [];

    public abstract bool Creating { get; }

    public abstract string CancelUrl { get; }

    /// <summary>The numbers a key may be bound to, as <c>GET /v1/phone-numbers</c> lists them.</summary>
    protected async Task LoadNumbersAsync(KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        PhoneNumbers = await new ListPhoneNumbers(db, time).ListAsync(Caller, cancellationToken);
}
