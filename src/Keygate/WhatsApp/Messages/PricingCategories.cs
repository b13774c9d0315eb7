using Keygate.Keys;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Meta's pricing categories (per-message pricing, <c>pricing_model: "PMP"</c>): a template is priced by its own
/// category, a free-form message inside the customer-service window is a <c>service</c> message.
/// </summary>
internal static class PricingCategories
{
    public const string Marketing = MessageCategories.Marketing;
    public const string Utility = MessageCategories.Utility;
    public const string Authentication = MessageCategories.Authentication;
    public const string Service = MessageCategories.Service;

    public static readonly IReadOnlyList<string> All = MessageCategories.All;

    /// <summary>The category of a template category (<c>MARKETING</c> → <c>marketing</c>); null for one Meta does not price.</summary>
    public static string? OfTemplate(string templateCategory) =>
        All.FirstOrDefault(c => string.Equals(c, templateCategory, StringComparison.OrdinalIgnoreCase) && c != Service);

    /// <summary>
    /// What a send will be priced as, before it is sent, for category quotas: null for a template Keygate does not
    /// know (no such template, or Meta could not be asked), which no category quota can then count.
    /// </summary>
    public static async ValueTask<string?> OfAsync(TemplateCache templates, PhoneNumber number, OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        if (outgoing.Template is not { } reference)
        {
            return Service;
        }
        var (category, _) = await templates.CategoryOfAsync(number, reference.Name, reference.Language, cancellationToken);
        return category is null ? null : OfTemplate(category);
    }

    /// <summary>Service messages are free; every other category is charged.</summary>
    public static bool IsBillable(string category) => category != Service;
}
