using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

internal static class SandboxRules
{
    /// <summary>
    /// What Meta itself would refuse, checked by the sandbox in Meta's place: a media id must have been
    /// uploaded (to Keygate, through a number the key may use: Meta knows its own); a template must exist (on a
    /// sandbox number, whose templates Keygate keeps) with the right parameters; a free-form message needs
    /// the 24-hour window open.
    /// </summary>
    public static async Task<MessageRejection?> CheckAsync(TemplateCache templates, ConversationWindows windows, ContactBook contacts,
        MediaStore media, string[]? binding, PhoneNumber number, OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        if (MessageContentRules.String(outgoing.Content, "id") is { } mediaId && MessageContentRules.IsMedia(outgoing.Type)
            && !await media.ExistsAsync(number.AccountId, binding, mediaId, cancellationToken))
        {
            return MessageContentRules.Invalid($"No media with id '{mediaId}': upload it first.");
        }
        if (outgoing.Template is not { } reference)
        {
            return await windows.IsOpenAsync(number.Id, outgoing.WaId, cancellationToken) ? null : new MessageRejection(MetaErrors.OutsideWindow,
                "Re-engagement message: more than 24 hours have passed since the customer last replied to this number; send a template instead.");
        }
        if (number.Provider != PhoneNumberProvider.Sandbox)
        {
            return null;
        }
        var template = await templates.FindApprovedAsync(number.WabaId, reference.Name, reference.Language, cancellationToken);
        if (template is null)
        {
            return TemplateRules.Missing(reference);
        }
        if (template.Category == "MARKETING" && await contacts.OptInOfAsync(number.AccountId, outgoing.WaId, cancellationToken) == OptInState.OptedOut)
        {
            return new MessageRejection(MetaErrors.OptedOut,
                "This contact has opted out of marketing messages; send utility or authentication templates only.", "recipient_opted_out");
        }
        return TemplateRules.Match(template, reference);
    }
}
