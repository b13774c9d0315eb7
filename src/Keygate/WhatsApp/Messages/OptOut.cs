using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Opt-out is Keygate's to enforce on a number at Meta: Meta does not know which contacts opted out here. A marketing
/// template is refused to a contact who did. The category comes from the template cache; while the cache holds none of
/// a WABA's templates, the category is unknown and the send goes to Meta unjudged.
/// </summary>
internal static class OptOut
{
    public static async Task<MessageRejection?> CheckAsync(TemplateCache templates, ContactBook contacts, PhoneNumber number, OutgoingMessage outgoing,
        CancellationToken cancellationToken)
    {
        if (outgoing.Template is not { } reference
            || await templates.FindApprovedAsync(number.WabaId, reference.Name, reference.Language, cancellationToken) is not { Category: "MARKETING" })
        {
            return null;
        }
        return await contacts.OptInOfAsync(number.AccountId, outgoing.WaId, cancellationToken) == OptInState.OptedOut
            ? new MessageRejection(MetaErrors.OptedOut, "This contact has opted out of marketing messages; send utility or authentication templates only.", "recipient_opted_out")
            : null;
    }
}
