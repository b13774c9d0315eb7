using Keygate.Authorization;
using Keygate.Http;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Templates;

/// <summary>
/// What Keygate itself decides about a template send, on every number: a key allowed only some categories
/// (<c>messages:send-utility-template</c>, …) is refused the others; and on a real number a marketing template to a
/// contact who opted out of them is refused, since Meta does not know Keygate's contact book (the sandbox number
/// applies that among the rules it plays for Meta). A template's category is Meta's, read through <see cref="TemplateCache"/>.
/// </summary>
internal static class TemplateSendRules
{
    // Meta's codes: "permission denied" and "service temporarily unavailable".
    private const int PermissionDenied = 200;
    private const int TemporarilyUnavailable = 2;

    public static async Task<MessageRejection?> CheckAsync(TemplateCache templates, ContactBook contacts, Caller caller, PhoneNumber number,
        OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        if (outgoing.Template is not { } reference)
        {
            return null;
        }
        var everyCategory = caller.Holds(Permission.MessagesSend) || caller.Holds(Permission.AnyTemplate);
        var optedOut = number.Provider == PhoneNumberProvider.Meta
            && await contacts.OptInOfAsync(number.AccountId, outgoing.WaId, cancellationToken) == OptInState.OptedOut;
        if (everyCategory && !optedOut)
        {
            return null;
        }
        // From here the category decides; a template whose category cannot be learnt is refused, never let through.
        var (category, known) = await templates.CategoryOfAsync(number, reference.Name, reference.Language, cancellationToken);
        if (category is null)
        {
            return known ? TemplateRules.Missing(reference) : new MessageRejection(TemporarilyUnavailable,
                "Keygate could not read this number's templates from Meta to check this send; try again later.", ProblemCodes.Unavailable, 503);
        }
        if (!everyCategory && !caller.Holds(BitOf(category)))
        {
            return new MessageRejection(PermissionDenied, $"This API key may not send {category.ToLowerInvariant()} templates.",
                ProblemCodes.InsufficientPermissions, 403);
        }
        return optedOut && category == "MARKETING"
            ? new MessageRejection(MetaErrors.OptedOut, "This contact has opted out of marketing messages; send utility or authentication templates only.",
                "recipient_opted_out")
            : null;
    }

    /// <summary>A category Meta may add later is allowed only with every category's permission.</summary>
    private static Permission BitOf(string category) => category switch
    {
        "MARKETING" => Permission.MessagesSendTemplate | Permission.MarketingTemplates,
        "UTILITY" => Permission.MessagesSendTemplate | Permission.UtilityTemplates,
        "AUTHENTICATION" => Permission.MessagesSendTemplate | Permission.AuthenticationTemplates,
        _ => Permission.AnyTemplate,
    };
}
