using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// The sandbox's answer to a send: refused up front (<see cref="Rejection"/>, as Meta refuses a request it cannot
/// read), or accepted, then delivered or failed through its statuses (<see cref="Failure"/>, as Meta fails a message
/// outside the window or to an opted-out customer only after answering with a wamid).
/// </summary>
internal sealed record SandboxVerdict(MessageRejection? Rejection, DeliveryError? Failure)
{
    public static readonly SandboxVerdict Deliver = new(null, null);
}

internal static class SandboxRules
{
    /// <summary>
    /// What Meta itself would check, checked by the sandbox in Meta's place: a media id must have been
    /// uploaded (to Keygate, through a number the key may use: Meta knows its own); a template must exist (on a
    /// sandbox number, whose templates Keygate keeps) with the right parameters; a free-form message needs
    /// the 24-hour window open, and a marketing template a customer who has not opted out.
    /// </summary>
    public static async Task<SandboxVerdict> CheckAsync(TemplateCache templates, ConversationWindows windows, ContactBook contacts,
        MediaStore media, string[]? binding, PhoneNumber number, OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        if (MessageContentRules.String(outgoing.Content, "id") is { } mediaId && MessageContentRules.IsMedia(outgoing.Type)
            && !await media.ExistsAsync(number.AccountId, binding, mediaId, cancellationToken))
        {
            return Refuse(MessageContentRules.Invalid($"No media with id '{mediaId}': upload it first."));
        }
        if (outgoing.Template is not { } reference)
        {
            return await windows.IsOpenAsync(number.Id, outgoing.WaId, cancellationToken) ? SandboxVerdict.Deliver : new(null, DeliveryError.OutsideWindow);
        }
        if (number.Provider != PhoneNumberProvider.Sandbox)
        {
            return SandboxVerdict.Deliver;
        }
        var template = await templates.FindApprovedAsync(number.WabaId, reference.Name, reference.Language, cancellationToken);
        if (template is null)
        {
            return Refuse(TemplateRules.Missing(reference));
        }
        if (TemplateRules.Match(template, reference) is { } mismatch)
        {
            return Refuse(mismatch);
        }
        return template.Category == "MARKETING" && await contacts.OptInOfAsync(number.AccountId, outgoing.WaId, cancellationToken) == OptInState.OptedOut
            ? new(null, DeliveryError.OptedOut)
            : SandboxVerdict.Deliver;
    }

    private static SandboxVerdict Refuse(MessageRejection rejection) => new(rejection, null);
}
