using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Keys;

/// <summary>
/// Reads a create body or a JSON merge patch (RFC 7396) into a <see cref="KeyEdit"/>, field by field, so that every
/// error is reported at once under its JSON path and nothing is half applied. The values' own rules are
/// <see cref="KeyRules"/>'; what is checked here is the JSON's shape.
/// </summary>
internal static class KeyFields
{
    public static KeyEdit Read(JsonElement body, bool creating)
    {
        var edit = new KeyEdit();
        var errors = edit.Errors;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
            return edit;
        }
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            switch (field.Name)
            {
                case "name": edit.Name = KeyRules.Name(StringOrNull(value), errors); break;
                case "environment":
                    if (creating)
                    {
                        edit.Environment = KeyRules.Choice<KeyEnvironment>(StringOrNull(value), "environment", errors);
                    }
                    else
                    {
                        errors.Add("environment", "Fixed at creation: create a new key for another environment.");
                    }
                    break;
                case "permissions": edit.Permissions = KeyRules.Permissions(JsonFields.ReadStrings(value, "permissions", KeyRules.MaxListEntries, errors), errors); break;
                case "phoneNumberIds": edit.PhoneNumberIds = JsonFields.ReadPhoneNumberIds(value, errors); break;
                case "ipAllowlist": edit.IpAllowlist = KeyRules.IpAllowlist(JsonFields.ReadStrings(value, "ipAllowlist", KeyRules.MaxListEntries, errors), errors); break;
                case "rateLimits": edit.RateLimits = ReadRateLimits(value, errors); break;
                case "quotas": edit.Quotas = ReadQuotas(value, errors); break;
                case "expiresAt": ReadExpiry(value, edit); break;
                case "signing": edit.Signing = KeyRules.Choice<SigningMode>(StringOrNull(value), "signing", errors); break;
                case "misusePolicy": edit.MisusePolicy = KeyRules.Choice<MisusePolicy>(StringOrNull(value), "misusePolicy", errors); break;
                case "labels": ReadLabels(value, edit); break;
                case "metadata": ReadMetadata(value, edit); break;
                default: errors.Add(field.Name, "Unknown field."); break;
            }
        }
        if (creating && edit.Name is null && !errors.Has("name"))
        {
            errors.Add("name", "Required.");
        }
        if (creating && edit.Environment is null && !errors.Has("environment"))
        {
            errors.Add("environment", $"Required: one of {KeyNames.Choices<KeyEnvironment>()}.");
        }
        return edit;
    }

    public static List<RateLimitRule> ReadRateLimits(JsonElement value, FieldErrors errors)
    {
        var rules = new List<RateLimitRule>();
        foreach (var (item, path) in ReadObjects(value, "rateLimits", KeyRules.MaxRateLimits, errors))
        {
            var name = OptionalString(item, "name");
            var limit = OptionalLong(item, "limit");
            var period = OptionalLong(item, "periodSeconds");
            RejectUnknown(item, path, errors, "name", "limit", "periodSeconds");
            rules.Add(KeyRules.RateLimit(path, name, limit, period, rules, errors));
        }
        return rules;
    }

    public static List<QuotaRule> ReadQuotas(JsonElement value, FieldErrors errors)
    {
        var rules = new List<QuotaRule>();
        foreach (var (item, path) in ReadObjects(value, "quotas", KeyRules.MaxQuotas, errors))
        {
            RejectUnknown(item, path, errors, "metric", "limit", "period");
            var metric = item.TryGetProperty("metric", out var m) ? KeyRules.Choice<QuotaMetric>(StringOrNull(m), $"{path}.metric", errors) : null;
            var period = item.TryGetProperty("period", out var p) ? KeyRules.Choice<QuotaPeriod>(StringOrNull(p), $"{path}.period", errors) : null;
            if (metric is null && !item.TryGetProperty("metric", out _))
            {
                errors.Add($"{path}.metric", $"Required: one of {KeyNames.Choices<QuotaMetric>()}.");
            }
            if (period is null && !item.TryGetProperty("period", out _))
            {
                errors.Add($"{path}.period", $"Required: one of {KeyNames.Choices<QuotaPeriod>()}.");
            }
            rules.Add(KeyRules.Quota(path, metric, period, OptionalLong(item, "limit"), rules, errors));
        }
        return rules;
    }

    private static void ReadExpiry(JsonElement value, KeyEdit edit)
    {
        edit.SetsExpiry = true;
        if (value.ValueKind == JsonValueKind.String)
        {
            edit.ExpiresAt = KeyRules.Expiry(value.GetString()!, edit.Errors);
        }
        else if (value.ValueKind != JsonValueKind.Null)
        {
            edit.Errors.Add("expiresAt", KeyRules.ExpiryFormat);
        }
    }

    /// <summary>Create: the object replaces. Edit: merged, a null value removes that label (RFC 7396).</summary>
    private static void ReadLabels(JsonElement value, KeyEdit edit)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            (edit.Labels, edit.ReplacesLabels) = ([], true);
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            edit.Errors.Add("labels", "An object of name → value strings, such as {\"team\": \"billing\"}.");
            return;
        }
        edit.Labels = [];
        foreach (var label in value.EnumerateObject())
        {
            // A value that is neither a string nor null is no label value: read as an empty one, which the rules refuse.
            var text = label.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => label.Value.GetString(),
                _ => "",
            };
            KeyRules.Label(label.Name, text, edit.Labels, edit.Errors);
        }
    }

    private static void ReadMetadata(JsonElement value, KeyEdit edit)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
        {
            edit.Metadata = value.Clone();
        }
        else
        {
            edit.Errors.Add("metadata", "A JSON object, or null.");
        }
    }

    private static IEnumerable<(JsonElement Item, string Path)> ReadObjects(JsonElement value, string path, int max, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, KeyRules.RowsAtMost(max));
            yield break;
        }
        if (KeyRules.TooManyRows(value.GetArrayLength(), path, max, errors))
        {
            yield break;
        }
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                yield return (item, $"{path}[{index}]");
            }
            else
            {
                errors.Add($"{path}[{index}]", "Expected an object.");
            }
            index++;
        }
    }

    private static void RejectUnknown(JsonElement item, string path, FieldErrors errors, params string[] known)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                errors.Add($"{path}.{property.Name}", "Unknown field.");
            }
        }
    }

    private static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? OptionalString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? OptionalLong(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
