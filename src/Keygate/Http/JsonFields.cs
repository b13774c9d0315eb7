using System.Text.Json;

namespace Keygate.Http;

/// <summary>Field readers that more than one resource's body shares (keys and webhook subscriptions both bind to phone numbers).</summary>
internal static class JsonFields
{
    public const int MaxPhoneNumberIds = 100;

    /// <summary>An array of strings; null reads as empty. Each bad item is reported under its own index.</summary>
    public static List<string> ReadStrings(JsonElement value, string path, int max, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > max)
        {
            errors.Add(path, ArrayOfStrings(max));
            return [];
        }
        var result = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                result.Add(item.GetString()!);
            }
            else
            {
                errors.Add($"{path}[{index}]", "Expected a string.");
            }
            index++;
        }
        return result;
    }

    /// <summary>A list that did not come as JSON is held to the cap its JSON array would have been, with the same message.</summary>
    public static bool TooMany(IReadOnlyCollection<string> values, string path, int max, FieldErrors errors)
    {
        if (values.Count <= max)
        {
            return false;
        }
        errors.Add(path, ArrayOfStrings(max));
        return true;
    }

    private static string ArrayOfStrings(int max) => $"An array of at most {max} strings.";

    /// <summary>Meta phone-number ids, deduplicated; an empty list means every number of the account.</summary>
    public static List<string> ReadPhoneNumberIds(JsonElement value, FieldErrors errors, string path = "phoneNumberIds") =>
        CheckPhoneNumberIds(ReadStrings(value, path, MaxPhoneNumberIds, errors), errors, path);

    /// <summary>The same rule for ids that did not come as JSON (a dashboard form's choices).</summary>
    public static List<string> CheckPhoneNumberIds(IReadOnlyList<string> ids, FieldErrors errors, string path = "phoneNumberIds")
    {
        if (TooMany(ids, path, MaxPhoneNumberIds, errors))
        {
            return [];
        }
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i].Length is 0 or > 32 || !ids[i].All(char.IsAsciiDigit))
            {
                errors.Add($"{path}[{i}]", "A phone number id: 1 to 32 digits.");
            }
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }
}
