using System.Text.Json;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Template messages: the shape of the request, and whether it fits the stored template — it must exist in the
/// language asked for (132001), and give each component the parameters its template has (132000 for a count or a
/// name that does not match, 132012 for a parameter of the wrong kind). <see cref="TemplateMatching"/> compares.
/// </summary>
internal static class TemplateRules
{
    private static readonly HashSet<string> ComponentTypes = ["header", "body", "button", "carousel", "limited_time_offer"];

    public static MessageRejection? Check(JsonElement template)
    {
        if (MessageContentRules.String(template, "name") is not { Length: > 0 and <= 512 })
        {
            return MessageContentRules.Missing("template['name']");
        }
        if (!template.TryGetProperty("language", out var language) || MessageContentRules.String(language, "code") is not { Length: > 0 and <= 15 })
        {
            return MessageContentRules.Missing("template['language']['code']");
        }
        if (!template.TryGetProperty("components", out var components))
        {
            return null;
        }
        if (components.ValueKind != JsonValueKind.Array)
        {
            return MessageContentRules.Invalid("template['components'] must be an array.");
        }
        foreach (var component in components.EnumerateArray())
        {
            var type = MessageContentRules.String(component, "type")?.ToLowerInvariant();
            if (type is null || !ComponentTypes.Contains(type))
            {
                return MessageContentRules.Invalid("Each template component needs a type: header, body, button, carousel or limited_time_offer.");
            }
            if (component.TryGetProperty("parameters", out var parameters) && (parameters.ValueKind != JsonValueKind.Array
                || parameters.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.Object || MessageContentRules.String(p, "type") is null)))
            {
                return MessageContentRules.Invalid("A template component's parameters must be an array of objects, each with a type.");
            }
            if (type == "button" && (MessageContentRules.String(component, "sub_type") is null || TemplateMatching.IndexOf(component) is null))
            {
                return MessageContentRules.Missing("template['components'][]['sub_type'] and ['index'] of a button component");
            }
        }
        return null;
    }

    /// <summary>The name, language and components as sent.</summary>
    public static TemplateReference Read(JsonElement template) => new(
        MessageContentRules.String(template, "name")!,
        MessageContentRules.String(template.GetProperty("language"), "code")!,
        template.TryGetProperty("components", out var components) ? components.Clone() : default);

    /// <summary>Whether the request's parameters fit the template, component by component.</summary>
    public static MessageRejection? Match(MessageTemplate stored, TemplateReference reference) => TemplateMatching.Match(stored, reference.Components);

    public static MessageRejection Missing(TemplateReference reference) => new(MetaErrors.TemplateMissing,
        $"Template name does not exist in the translation: {reference.Name} ({reference.Language}).", Status: 404);
}
