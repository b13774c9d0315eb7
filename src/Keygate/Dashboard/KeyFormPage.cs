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
}
