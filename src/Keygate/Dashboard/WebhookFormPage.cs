using Keygate.Authorization;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Dashboard;

/// <summary>What the webhook create and edit pages share: the posted form and the account's phone numbers to choose from.</summary>
internal abstract class WebhookFormPage : DashboardPage
{
    [BindProperty]
    public WebhookForm Form { get; set; } = new();

    public IReadOnlyList<PhoneNumberResponse> PhoneNumbers { get; private set; } = [];

    public abstract bool Creating { get; }

    /// <summary>
    /// The numbers come from <c>GET /v1/phone-numbers</c>, which needs <c>keys:manage</c>: without it the person is
    /// offered none, and the subscription covers every number (or keeps the ones it has).
    /// </summary>
    protected async Task LoadNumbersAsync(KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken) =>
        PhoneNumbers = Can(Permission.KeysManage) ? await new ListPhoneNumbers(db, time).ListAsync(Caller, cancellationToken) : [];
}
