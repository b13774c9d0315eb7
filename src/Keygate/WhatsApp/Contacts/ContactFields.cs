using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Http;

namespace Keygate.WhatsApp.Contacts;

/// <summary>
/// Reads a create body or a JSON merge patch (RFC 7396) into a <see cref="ContactDraft"/>, field by field,
/// so that every error is reported at once under its JSON path and nothing is half applied.
/// </summary>
internal static class ContactFields
{
    public const int MaxNameLength = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 32;
    public const int MaxCustomFieldsBytes = 4 * 1024;
    public const int MaxCustomFieldNameLength = 64;
    public const int MaxOptInSourceLength = 100;

    private static readonly string[] ReadOnly = ["id", "optInChangedAt", "createdAt", "updatedAt"];

    // Sized and stored as UTF-8 text: the default encoder's \uXXXX escapes would count non-Latin text up to twice over.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Read(JsonElement body, ContactDraft draft, FieldErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
            return;
        }
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "waId": draft.WaId = ReadWaId(value, errors) ?? draft.WaId; break;
                case "name": draft.Name = ReadText(value, "name", MaxNameLength, errors); break;
                case "tags": ReadTags(value, draft.Tags, errors); break;
                case "customFields": draft.CustomFields = ReadCustomFields(value, draft.CustomFields, errors); break;
                case "optIn": draft.OptIn = ReadOptIn(value, errors) ?? draft.OptIn; break;
                case "optInSource":
                    draft.OptInSource = ReadText(value, "optInSource", MaxOptInSourceLength, errors);
                    draft.OptInSourceGiven = true;
                    break;
                default: errors.Add(field.Name, ReadOnly.Contains(field.Name) ? "Read-only." : "Unknown field."); break;
            }
        }
    }

    /// <summary>Tags compare without case: they are stored folded to lower case, and a filter is folded the same way.</summary>
    public static bool TryReadTag(string? text, [NotNullWhen(true)] out string? tag)
    {
        tag = text?.Trim().ToLowerInvariant();
        if (tag is { Length: >= 1 and <= MaxTagLength } && tag.All(IsTagCharacter))
        {
            return true;
        }
        tag = null;
        return false;
    }

    // Marks too: vowel signs in Devanagari and other scripts are not letters, and a tag in Hindi is still a word.
    private static bool IsTagCharacter(char c) =>
        char.IsLetterOrDigit(c) || c is '-' or '_' or '.'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    public static string TagRule { get; } = $"Tags are 1 to {MaxTagLength} letters, digits, '-', '_' or '.'.";

    public static string Serialize(JsonObject customFields) => customFields.ToJsonString(Compact);

    private static string? ReadWaId(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.String && ContactNumber.TryNormalize(value.GetString(), out var waId))
        {
            return waId;
        }
        errors.Add("waId", ContactNumber.Rule);
        return null;
    }

    /// <summary>An optional text: trimmed, without control characters; null clears it.</summary>
    private static string? ReadText(JsonElement value, string path, int maxLength, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(text) || text.Length > maxLength || text.Any(char.IsControl))
        {
            errors.Add(path, $"A string of 1 to {maxLength} characters without control characters, or null.");
            return null;
        }
        return text;
    }

    /// <summary>The list replaces the tags; null clears them.</summary>
    private static void ReadTags(JsonElement value, SortedSet<string> tags, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            tags.Clear();
            return;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("tags", $"An array of at most {MaxTags} tags, or null.");
            return;
        }
        tags.Clear();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && TryReadTag(item.GetString(), out var tag))
            {
                tags.Add(tag);
            }
            else
            {
                errors.Add($"tags[{index}]", TagRule);
            }
            index++;
        }
        if (tags.Count > MaxTags)
        {
            errors.Add("tags", $"At most {MaxTags} tags.");
        }
    }

    /// <summary>Merged into the stored fields (RFC 7396): a null value removes that field; null for the whole object clears them.</summary>
    private static JsonObject ReadCustomFields(JsonElement value, JsonObject current, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("customFields", "An object of name → string, number or boolean values, or null.");
            return current;
        }
        var valid = true;
        foreach (var member in value.EnumerateObject())
        {
            var path = $"customFields.{member.Name}";
            if (member.Name.Length is 0 or > MaxCustomFieldNameLength || member.Name.Any(char.IsControl))
            {
                errors.Add(path, $"Field names are 1 to {MaxCustomFieldNameLength} characters without control characters.");
                valid = false;
            }
            else if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                errors.Add(path, "Values are strings, numbers or booleans; null removes the field.");
                valid = false;
            }
        }
        if (!valid)
        {
            return current;
        }
        var merged = JsonMergePatch.Apply(current.DeepClone().AsObject(), value);
        if (Encoding.UTF8.GetByteCount(Serialize(merged)) > MaxCustomFieldsBytes)
        {
            errors.Add("customFields", $"At most {MaxCustomFieldsBytes} bytes of JSON.");
        }
        return merged;
    }

    private static OptInState? ReadOptIn(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.String && OptInNames.TryParse(value.GetString(), out var state))
        {
            return state;
        }
        errors.Add("optIn", $"One of {OptInNames.Choices}.");
        return null;
    }
}
