using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Keys;

/// <summary>
/// Reads a create body or a JSON merge patch (RFC 7396) into a <see cref="KeyDraft"/>, field by field, so
/// that every error is reported at once under its JSON path and nothing is half applied.
/// </summary>
internal static class KeyFields
{
    public const int MaxNameLength = 100;
    public const int MaxListEntries = 100;
    public const int MaxRateLimits = 10;
    public const int MaxLabels = 10;
    public const int MaxMetadataBytes = 8 * 1024;
    public const int MaxGracePeriodSeconds = 7 * 24 * 3600;

    public static void Read(JsonElement body, KeyDraft draft, FieldErrors errors, bool creating, DateTime now)
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
                case "name": draft.Name = ReadName(value, errors); break;
                case "environment":
                    if (creating)
                    {
                        draft.Environment = ReadEnum<KeyEnvironment>(value, "environment", errors);
                    }
                    else
                    {
                        errors.Add("environment", "Fixed at creation: create a new key for another environment.");
                    }
                    break;
                case "permissions": draft.Permissions = ReadPermissions(value, errors); break;
                case "phoneNumberIds": draft.PhoneNumberIds = JsonFields.ReadPhoneNumberIds(value, errors); break;
                case "ipAllowlist": draft.IpAllowlist = ReadIpAllowlist(value, errors); break;
                case "rateLimits": draft.RateLimits = ReadRateLimits(value, errors); break;
                case "quotas": draft.Quotas = ReadQuotas(value, errors); break;
                case "expiresAt": draft.ExpiresAt = ReadExpiry(value, now, errors); break;
                case "signing": draft.Signing = ReadEnum<SigningMode>(value, "signing", errors) ?? draft.Signing; break;
                case "misusePolicy": draft.MisusePolicy = ReadEnum<MisusePolicy>(value, "misusePolicy", errors) ?? draft.MisusePolicy; break;
                case "labels": ReadLabels(value, draft.Labels, errors); break;
                case "metadata": draft.Metadata = ReadMetadata(value, draft.Metadata, errors); break;
                default: errors.Add(field.Name, "Unknown field."); break;
            }
        }
        if (creating && draft.Name is null && !errors.Has("name"))
        {
            errors.Add("name", "Required.");
        }
        if (creating && draft.Environment is null && !errors.Has("environment"))
        {
            errors.Add("environment", $"Required: one of {KeyNames.Choices<KeyEnvironment>()}.");
        }
    }

    public static int? ReadGracePeriod(int? seconds, FieldErrors errors)
    {
        if (seconds is < 0 or > MaxGracePeriodSeconds)
        {
            errors.Add("gracePeriodSeconds", $"Must be between 0 and {MaxGracePeriodSeconds} (7 days).");
            return null;
        }
        return seconds ?? 0;
    }

    public static List<string> ReadPermissions(JsonElement value, FieldErrors errors, string path = "permissions")
    {
        var names = JsonFields.ReadStrings(value, path, MaxListEntries, errors);
        var bits = Permission.None;
        for (var i = 0; i < names.Count; i++)
        {
            if (PermissionCatalog.TryParse(names[i], out var bit))
            {
                bits |= bit;
            }
            else
            {
                errors.Add($"{path}[{i}]", "Unknown permission; GET /v1/permissions lists them.");
            }
        }
        return PermissionCatalog.Names(bits);
    }

    private static string? ReadName(JsonElement value, FieldErrors errors)
    {
        var name = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add("name", $"A string of 1 to {MaxNameLength} characters without control characters.");
            return null;
        }
        return name;
    }

    private static T? ReadEnum<T>(JsonElement value, string path, FieldErrors errors) where T : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.String && KeyNames.TryParse<T>(value.GetString(), out var parsed))
        {
            return parsed;
        }
        errors.Add(path, $"One of {KeyNames.Choices<T>()}.");
        return null;
    }

    /// <summary>CIDR blocks, normalised; a bare address is taken as a single-host block.</summary>
    private static List<string> ReadIpAllowlist(JsonElement value, FieldErrors errors)
    {
        var entries = JsonFields.ReadStrings(value, "ipAllowlist", MaxListEntries, errors);
        var networks = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (CidrBlocks.TryParse(entries[i], out var network))
            {
                networks.Add(network.ToString());
            }
            else
            {
                errors.Add($"ipAllowlist[{i}]", "Not a CIDR block (like 203.0.113.0/24 or 2001:db8::/32) with no bits set past its prefix.");
            }
        }
        return [.. networks.Distinct(StringComparer.Ordinal)];
    }

    public static List<RateLimitRule> ReadRateLimits(JsonElement value, FieldErrors errors)
    {
        var rules = new List<RateLimitRule>();
        foreach (var (item, path) in ReadObjects(value, "rateLimits", MaxRateLimits, errors))
        {
            var name = OptionalString(item, "name");
            var limit = OptionalLong(item, "limit");
            var period = OptionalLong(item, "periodSeconds");
            RejectUnknown(item, path, errors, "name", "limit", "periodSeconds");
            if (name is null || !IsToken(name, 50))
            {
                errors.Add($"{path}.name", "Required: 1 to 50 letters, digits, '-' or '_'.");
            }
            if (limit is null or < 1 or > 1_000_000_000)
            {
                errors.Add($"{path}.limit", "Required: a whole number from 1 to 1,000,000,000.");
            }
            if (period is null or < 1 or > 86_400)
            {
                errors.Add($"{path}.periodSeconds", "Required: a whole number of seconds from 1 to 86,400 (one day).");
            }
            if (name is not null && rules.Any(r => r.Name == name))
            {
                errors.Add($"{path}.name", "Two rate limits share this name.");
            }
            rules.Add(new RateLimitRule { Name = name ?? "", Limit = limit ?? 0, PeriodSeconds = (int)Math.Clamp(period ?? 0, 0, int.MaxValue) });
        }
        return rules;
    }

    /// <summary>Each metric (requests, messages, and messages of each pricing category) per day and per month.</summary>
    private static readonly int MaxQuotas = Enum.GetValues<QuotaMetric>().Length * Enum.GetValues<QuotaPeriod>().Length;

    public static List<QuotaRule> ReadQuotas(JsonElement value, FieldErrors errors)
    {
        var rules = new List<QuotaRule>();
        foreach (var (item, path) in ReadObjects(value, "quotas", MaxQuotas, errors))
        {
            RejectUnknown(item, path, errors, "metric", "limit", "period");
            var metric = item.TryGetProperty("metric", out var m) ? ReadEnum<QuotaMetric>(m, $"{path}.metric", errors) : null;
            var period = item.TryGetProperty("period", out var p) ? ReadEnum<QuotaPeriod>(p, $"{path}.period", errors) : null;
            var limit = OptionalLong(item, "limit");
            if (metric is null && !item.TryGetProperty("metric", out _))
            {
                errors.Add($"{path}.metric", $"Required: one of {KeyNames.Choices<QuotaMetric>()}.");
            }
            if (period is null && !item.TryGetProperty("period", out _))
            {
                errors.Add($"{path}.period", $"Required: one of {KeyNames.Choices<QuotaPeriod>()}.");
            }
            if (limit is null or < 1 or > 1_000_000_000_000)
            {
                errors.Add($"{path}.limit", "Required: a whole number from 1 to 1,000,000,000,000.");
            }
            if (metric is not null && period is not null && rules.Any(r => r.Metric == metric && r.Period == period))
            {
                errors.Add(path, "Two quotas share this metric and period.");
            }
            rules.Add(new QuotaRule { Metric = metric ?? default, Period = period ?? default, Limit = limit ?? 0 });
        }
        return rules;
    }

    private static DateTime? ReadExpiry(JsonElement value, DateTime now, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            errors.Add("expiresAt", "An ISO-8601 date-time, or null for no expiry.");
            return null;
        }
        if (parsed.UtcDateTime <= now)
        {
            errors.Add("expiresAt", "Must be in the future.");
        }
        return parsed.UtcDateTime;
    }

    /// <summary>Create: the object replaces. Edit: merged, a null value removes that label (RFC 7396).</summary>
    private static void ReadLabels(JsonElement value, SortedDictionary<string, string> labels, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            labels.Clear();
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("labels", "An object of name → value strings, such as {\"team\": \"billing\"}.");
            return;
        }
        foreach (var label in value.EnumerateObject())
        {
            var path = $"labels.{label.Name}";
            if (!IsToken(label.Name, 32, allowDot: true))
            {
                errors.Add(path, "Label names are 1 to 32 letters, digits, '.', '-' or '_'.");
            }
            else if (label.Value.ValueKind == JsonValueKind.Null)
            {
                labels.Remove(label.Name);
            }
            else if (label.Value.ValueKind != JsonValueKind.String || !IsToken(label.Value.GetString()!, 64, allowDot: true))
            {
                errors.Add(path, "Label values are 1 to 64 letters, digits, '.', '-' or '_'.");
            }
            else
            {
                labels[label.Name] = label.Value.GetString()!;
            }
        }
        if (labels.Count > MaxLabels)
        {
            errors.Add("labels", $"At most {MaxLabels} labels.");
        }
    }

    private static JsonObject? ReadMetadata(JsonElement value, JsonObject? current, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add("metadata", "A JSON object, or null.");
            return current;
        }
        var merged = JsonMergePatch.Apply(current?.DeepClone().AsObject() ?? [], value);
        if (Encoding.UTF8.GetByteCount(merged.ToJsonString()) > MaxMetadataBytes)
        {
            errors.Add("metadata", $"At most {MaxMetadataBytes} bytes of JSON.");
        }
        return merged;
    }

    private static IEnumerable<(JsonElement Item, string Path)> ReadObjects(JsonElement value, string path, int max, FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > max)
        {
            errors.Add(path, $"An array of at most {max} objects.");
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

    private static string? OptionalString(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? OptionalLong(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;

    private static bool IsToken(string text, int maxLength, bool allowDot = false) =>
        text.Length >= 1 && text.Length <= maxLength
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowDot && c == '.'));
}
