using System.Globalization;
using Keygate.Authorization;
using Keygate.Http;

namespace Keygate.Keys;

/// <summary>
/// What each setting of a key must be, whoever asks: the API's JSON reader (<see cref="KeyFields"/>) and the dashboard's
/// form call the same rules, so the dashboard can never accept what <c>/v1/keys</c> would refuse, and both report an
/// error under the setting's API path.
/// </summary>
internal static class KeyRules
{
    public const int MaxNameLength = 100;
    public const int MaxListEntries = 100;
    public const int MaxRateLimits = 10;
    public const int MaxLabels = 10;
    public const int MaxMetadataBytes = 8 * 1024;
    public const int MaxGracePeriodSeconds = 7 * 24 * 3600;

    /// <summary>Each metric (requests, messages, and messages of each pricing category) per day and per month.</summary>
    public static readonly int MaxQuotas = Enum.GetValues<QuotaMetric>().Length * Enum.GetValues<QuotaPeriod>().Length;

    public const string ExpiryFormat = "An ISO-8601 date-time, or null for no expiry.";

    public static string? Name(string? text, FieldErrors errors)
    {
        var name = text?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add("name", $"A string of 1 to {MaxNameLength} characters without control characters.");
            return null;
        }
        return name;
    }

    public static T? Choice<T>(string? text, string path, FieldErrors errors) where T : struct, Enum
    {
        if (text is not null && KeyNames.TryParse<T>(text, out var parsed))
        {
            return parsed;
        }
        errors.Add(path, $"One of {KeyNames.Choices<T>()}.");
        return null;
    }

    public static List<string> Permissions(IReadOnlyList<string> names, FieldErrors errors, string path = "permissions")
    {
        if (JsonFields.TooMany(names, path, MaxListEntries, errors))
        {
            return [];
        }
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

    /// <summary>CIDR blocks, normalised; a bare address is taken as a single-host block.</summary>
    public static List<string> IpAllowlist(IReadOnlyList<string> entries, FieldErrors errors)
    {
        if (JsonFields.TooMany(entries, "ipAllowlist", MaxListEntries, errors))
        {
            return [];
        }
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

    /// <summary>True (and the error said) when a list of <paramref name="count"/> rows is longer than <paramref name="max"/>.</summary>
    public static bool TooManyRows(int count, string path, int max, FieldErrors errors)
    {
        if (count <= max)
        {
            return false;
        }
        errors.Add(path, RowsAtMost(max));
        return true;
    }

    public static string RowsAtMost(int max) => $"An array of at most {max} objects.";

    /// <summary>One rate-limit rule at <paramref name="path"/>, checked against the rules before it.</summary>
    public static RateLimitRule RateLimit(string path, string? name, long? limit, long? period, List<RateLimitRule> before, FieldErrors errors)
    {
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
        if (name is not null && before.Any(r => r.Name == name))
        {
            errors.Add($"{path}.name", "Two rate limits share this name.");
        }
        return new RateLimitRule { Name = name ?? "", Limit = limit ?? 0, PeriodSeconds = (int)Math.Clamp(period ?? 0, 0, int.MaxValue) };
    }

    /// <summary>One quota at <paramref name="path"/> (its metric and period already read), checked against the quotas before it.</summary>
    public static QuotaRule Quota(string path, QuotaMetric? metric, QuotaPeriod? period, long? limit, List<QuotaRule> before, FieldErrors errors)
    {
        if (limit is null or < 1 or > 1_000_000_000_000)
        {
            errors.Add($"{path}.limit", "Required: a whole number from 1 to 1,000,000,000,000.");
        }
        if (metric is not null && period is not null && before.Any(r => r.Metric == metric && r.Period == period))
        {
            errors.Add(path, "Two quotas share this metric and period.");
        }
        return new QuotaRule { Metric = metric ?? default, Period = period ?? default, Limit = limit ?? 0 };
    }

    /// <summary>An expiry as written (ISO 8601, UTC unless it says otherwise); whether it lies ahead is checked when applied.</summary>
    public static DateTime? Expiry(string text, FieldErrors errors)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            errors.Add("expiresAt", ExpiryFormat);
            return null;
        }
        return parsed.UtcDateTime;
    }

    /// <summary>One label to set (or, with a null value, to remove) into <paramref name="labels"/>, unless its name or value is refused.</summary>
    public static void Label(string name, string? value, Dictionary<string, string?> labels, FieldErrors errors)
    {
        var path = $"labels.{name}";
        if (!IsToken(name, 32, allowDot: true))
        {
            errors.Add(path, "Label names are 1 to 32 letters, digits, '.', '-' or '_'.");
        }
        else if (value is not null && !IsToken(value, 64, allowDot: true))
        {
            errors.Add(path, "Label values are 1 to 64 letters, digits, '.', '-' or '_'.");
        }
        else
        {
            labels[name] = value;
        }
    }

    public static int? GracePeriod(int? seconds, FieldErrors errors)
    {
        if (seconds is < 0 or > MaxGracePeriodSeconds)
        {
            errors.Add("gracePeriodSeconds", $"Must be between 0 and {MaxGracePeriodSeconds} (7 days).");
            return null;
        }
        return seconds ?? 0;
    }

    private static bool IsToken(string text, int maxLength, bool allowDot = false) =>
        text.Length >= 1 && text.Length <= maxLength
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (allowDot && c == '.'));
}
