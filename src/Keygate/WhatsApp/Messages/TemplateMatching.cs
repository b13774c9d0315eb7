using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Templates;

namespace Keygate.WhatsApp.Messages;

/// <summary>
/// Compares a template message's components with its stored template, as Meta does: text placeholders positional
/// (<c>{{1}}</c>) or named (<c>{{first_name}}</c>, given with <c>parameter_name</c>); a media header (image, video,
/// document) or location header takes one parameter of its kind; each button takes what its type needs — a URL with a
/// dynamic suffix its text, a copy-code button its coupon code, an OTP button the code, flow, catalog and multi-product
/// buttons an action; a quick reply optionally its payload; phone-number and voice-call buttons nothing.
/// </summary>
internal static partial class TemplateMatching
{
    private static readonly HashSet<string> TextParameterTypes = ["text", "currency", "date_time"];

    /// <summary>What a button of the template takes in a send: the <c>sub_type</c>, whether it is required and the parameter's type.</summary>
    private sealed record ButtonNeeds(string SubType, bool Required, string ParameterType);

    public static MessageRejection? Match(MessageTemplate stored, JsonElement components)
    {
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (components.ValueKind == JsonValueKind.Array)
        {
            foreach (var component in components.EnumerateArray())
            {
                var type = MessageContentRules.String(component, "type")!.ToLowerInvariant();
                var key = type == "button" ? $"button:{IndexOf(component)}" : type;
                if (!given.TryAdd(key, component))
                {
                    return MessageContentRules.Invalid($"The template message gives the component {key} twice.");
                }
            }
        }
        using var document = JsonDocument.Parse(stored.Components);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in document.RootElement.EnumerateArray())
        {
            var type = MessageContentRules.String(component, "type")?.ToUpperInvariant();
            MessageRejection? broken = null;
            switch (type)
            {
                case "HEADER":
                    expected.Add("header");
                    broken = Header(stored.Name, component, Given(given, "header") ?? []);
                    break;
                case "BODY":
                    expected.Add("body");
                    broken = Text(stored.Name, "body", MessageContentRules.String(component, "text") ?? "", Given(given, "body") ?? []);
                    break;
                case "BUTTONS" when component.TryGetProperty("buttons", out var buttons) && buttons.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var button in buttons.EnumerateArray())
                    {
                        var key = $"button:{index++}";
                        expected.Add(key);
                        broken ??= Button(stored.Name, key, button, Given(given, key));
                    }
                    break;
                case "CAROUSEL" or "LIMITED_TIME_OFFER":
                    // Their cards and offers are Meta's to check; the sandbox takes what is given.
                    expected.Add(type.ToLowerInvariant());
                    break;
                default:
                    break;
            }
            if (broken is not null)
            {
                return broken;
            }
        }
        return given.Keys.FirstOrDefault(key => !expected.Contains(key)) is { } extra
            ? Count($"The template {stored.Name} has no {extra} to give parameters to.")
            : null;
    }

    /// <summary>A button component's <c>index</c>: Meta's reference gives it as a string ("0"), its examples as a number.</summary>
    public static int? IndexOf(JsonElement component)
    {
        if (!component.TryGetProperty("index", out var index))
        {
            return null;
        }
        return index.ValueKind switch
        {
            JsonValueKind.Number when index.TryGetInt32(out var number) && number is >= 0 and < 10 => number,
            JsonValueKind.String when int.TryParse(index.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed < 10 => parsed,
            _ => null,
        };
    }

    private static MessageRejection? Header(string template, JsonElement header, JsonElement[] parameters)
    {
        var format = MessageContentRules.String(header, "format")?.ToLowerInvariant() ?? "text";
        if (format == "text")
        {
            return Text(template, "header", MessageContentRules.String(header, "text") ?? "", parameters);
        }
        if (parameters.Length != 1)
        {
            return Count($"The {format} header of {template} takes 1 parameter, got {parameters.Length}.");
        }
        var parameter = parameters[0];
        if (MessageContentRules.String(parameter, "type") != format || !parameter.TryGetProperty(format, out var media) || media.ValueKind != JsonValueKind.Object)
        {
            return Format($"The header of {template} takes a parameter of type {format}, with its {format} object.");
        }
        var complete = format == "location"
            ? media.TryGetProperty("latitude", out _) && media.TryGetProperty("longitude", out _)
            : (MessageContentRules.String(media, "link") is null) != (MessageContentRules.String(media, "id") is null);
        return complete ? null : Format(format == "location"
            ? $"The location header of {template} needs latitude and longitude."
            : $"The {format} header of {template} needs its {format}'s link or id (exactly one).");
    }

    /// <summary>Text placeholders: as many parameters as positional ones, or one per name (<c>parameter_name</c>) for named ones.</summary>
    private static MessageRejection? Text(string template, string where, string text, JsonElement[] parameters)
    {
        var names = NamedPlaceholder().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > 0)
        {
            var givenNames = parameters.Select(p => MessageContentRules.String(p, "parameter_name")).ToList();
            if (givenNames.Any(n => n is null))
            {
                return Format($"The {where} of {template} uses named parameters: each parameter needs its parameter_name ({string.Join(", ", names)}).");
            }
            if (givenNames.Count != names.Count || !names.All(givenNames.Contains))
            {
                return Count($"The {where} of {template} takes the named parameters {string.Join(", ", names)}; got {string.Join(", ", givenNames)}.");
            }
        }
        else
        {
            var positional = PositionalPlaceholder().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).Count();
            if (parameters.Length != positional)
            {
                return Count($"Number of parameters does not match the expected number of params: {where} of {template} takes {positional}, got {parameters.Length}.");
            }
        }
        foreach (var parameter in parameters)
        {
            var type = MessageContentRules.String(parameter, "type")!;
            if (!TextParameterTypes.Contains(type) || (type == "text" && MessageContentRules.String(parameter, "text") is not { Length: > 0 }))
            {
                return Format($"The {where} of {template} takes text parameters (type text with its text, currency or date_time).");
            }
        }
        return null;
    }

    private static MessageRejection? Button(string template, string key, JsonElement button, JsonElement[]? parameters)
    {
        var needs = NeedsOf(button);
        if (parameters is null)
        {
            return needs is { Required: true } ? Count($"The {needs.SubType} button {key} of {template} needs its parameter.") : null;
        }
        if (needs is null)
        {
            return Count($"The button {key} of {template} takes no parameters.");
        }
        if (parameters.Length != 1)
        {
            return Count($"The {needs.SubType} button {key} of {template} takes 1 parameter, got {parameters.Length}.");
        }
        var parameter = parameters[0];
        var complete = MessageContentRules.String(parameter, "type") == needs.ParameterType && needs.ParameterType switch
        {
            "action" => parameter.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
                && (needs.SubType != "mpm" || (MessageContentRules.String(action, "thumbnail_product_retailer_id") is not null && action.TryGetProperty("sections", out _))),
            var field => MessageContentRules.String(parameter, field) is { Length: > 0 },
        };
        return complete ? null : Format($"The {needs.SubType} button {key} of {template} takes a parameter of type {needs.ParameterType}, with its {needs.ParameterType}.");
    }

    /// <summary>The sub_type a button of the template is sent as, and what it takes; null for one that takes nothing.</summary>
    private static ButtonNeeds? NeedsOf(JsonElement button) => MessageContentRules.String(button, "type")?.ToUpperInvariant() switch
    {
        "QUICK_REPLY" => new("quick_reply", false, "payload"),
        "URL" when MessageContentRules.String(button, "url") is { } url && (PositionalPlaceholder().IsMatch(url) || NamedPlaceholder().IsMatch(url)) => new("url", true, "text"),
        "COPY_CODE" => new("copy_code", true, "coupon_code"),
        // Authentication templates' copy-code and one-tap buttons are sent as a URL button carrying the code.
        "OTP" => new("url", true, "text"),
        "FLOW" => new("flow", false, "action"),
        "CATALOG" => new("catalog", false, "action"),
        "MPM" => new("mpm", true, "action"),
        _ => null,
    };

    /// <summary>The parameters the send gives a component; null when it does not give the component at all.</summary>
    private static JsonElement[]? Given(Dictionary<string, JsonElement> given, string key) =>
        !given.TryGetValue(key, out var component) ? null
        : component.TryGetProperty("parameters", out var parameters) ? [.. parameters.EnumerateArray()]
        : [];

    private static MessageRejection Count(string message) => new(MetaErrors.TemplateParameterCount, message);

    private static MessageRejection Format(string message) => new(MetaErrors.TemplateParameterFormat, message);

    [GeneratedRegex(@"\{\{\d+\}\}")]
    private static partial Regex PositionalPlaceholder();

    [GeneratedRegex(@"\{\{([a-z_][a-z0-9_]*)\}\}")]
    private static partial Regex NamedPlaceholder();
}
