using System.Text.Json;
using System.Text.RegularExpressions;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Template messages: the shape of the request, and whether it fits the stored template — it must exist
/// in the language asked for (132001), and give each component as many parameters as the template has
/// placeholders (132000).
/// </summary>
internal static partial class TemplateRules
{
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
        if (template.TryGetProperty("components", out var components))
        {
            if (components.ValueKind != JsonValueKind.Array)
            {
                return MessageContentRules.Invalid("template['components'] must be an array.");
            }
            foreach (var component in components.EnumerateArray())
            {
                if (MessageContentRules.String(component, "type") is not ("header" or "body" or "button" or "HEADER" or "BODY" or "BUTTON"))
                {
                    return MessageContentRules.Invalid("Each template component needs a type: header, body or button.");
                }
                if (component.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Array)
                {
                    return MessageContentRules.Invalid("A template component's parameters must be an array.");
                }
            }
        }
        return null;
    }

    /// <summary>The name, language and per-component parameter counts (<c>body</c>, <c>header</c>, <c>button:0</c>…).</summary>
    public static TemplateReference Read(JsonElement template)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (template.TryGetProperty("components", out var components))
        {
            foreach (var component in components.EnumerateArray())
            {
                var type = MessageContentRules.String(component, "type")!.ToLowerInvariant();
                var key = type == "button" ? $"button:{(component.TryGetProperty("index", out var index) ? index.ToString() : "0")}" : type;
                counts[key] = component.TryGetProperty("parameters", out var parameters) ? parameters.GetArrayLength() : 0;
            }
        }
        return new TemplateReference(
            MessageContentRules.String(template, "name")!,
            MessageContentRules.String(template.GetProperty("language"), "code")!,
            counts);
    }

    /// <summary>Whether the request's parameters fit the template's placeholders, component by component.</summary>
    public static MessageRejection? Match(MessageTemplate stored, TemplateReference reference)
    {
        var expected = ExpectedCounts(stored.Components);
        foreach (var key in expected.Keys.Union(reference.ParameterCounts.Keys))
        {
            var want = expected.GetValueOrDefault(key);
            var got = reference.ParameterCounts.GetValueOrDefault(key);
            if (want != got)
            {
                return new MessageRejection(MetaErrors.TemplateParameterCount,
                    $"Number of parameters does not match the expected number of params: {key} of {stored.Name} takes {want}, got {got}.");
            }
        }
        return null;
    }

    public static MessageRejection Missing(TemplateReference reference) => new(MetaErrors.TemplateMissing,
        $"Template name does not exist in the translation: {reference.Name} ({reference.Language}).", Status: 404);

    private static Dictionary<string, int> ExpectedCounts(string componentsJson)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(componentsJson);
        foreach (var component in document.RootElement.EnumerateArray())
        {
            var type = MessageContentRules.String(component, "type")?.ToLowerInvariant();
            if (type is "header" or "body" && MessageContentRules.String(component, "text") is { } text && Placeholders(text) is > 0 and var n)
            {
                counts[type] = n;
            }
            if (type == "buttons" && component.TryGetProperty("buttons", out var buttons))
            {
                var index = 0;
                foreach (var button in buttons.EnumerateArray())
                {
                    if (MessageContentRules.String(button, "url") is { } url && Placeholders(url) is > 0 and var m)
                    {
                        counts[$"button:{index}"] = m;
                    }
                    index++;
                }
            }
        }
        return counts;
    }

    private static int Placeholders(string text) => PlaceholderPattern().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).Count();

    [GeneratedRegex(@"\{\{\d+\}\}")]
    private static partial Regex PlaceholderPattern();
}
