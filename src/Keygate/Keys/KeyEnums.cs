using Keygate.Authorization;

namespace Keygate.Keys;

// Persisted as numbers: never renumber. Their API names are in KeyNames.

internal enum KeyStatus
{
    Active = 1,
    Disabled = 2,
    Revoked = 3,
    /// <summary>Never stored: an active key past its <c>expiresAt</c>.</summary>
    Expired = 4,
}

internal enum SigningMode
{
    Off = 0,
    Allowed = 1,
    Required = 2,
}

internal enum MisusePolicy
{
    Alert = 0,
    Disable = 1,
}

internal enum QuotaMetric
{
    Requests = 1,
    Messages = 2,
    // Messages of one of Meta's pricing categories: a key may be allowed, say, 1,000 marketing messages a month.
    MarketingMessages = 3,
    UtilityMessages = 4,
    AuthenticationMessages = 5,
    ServiceMessages = 6,
}

internal enum QuotaPeriod
{
    Day = 1,
    Month = 2,
}

/// <summary>The lower-case names the API speaks for each enum.</summary>
internal static class KeyNames
{
    public static string Of(KeyEnvironment value) => value switch
    {
        KeyEnvironment.Production => "production",
        KeyEnvironment.Staging => "staging",
        _ => "development",
    };

    public static string Of(KeyStatus value) => value switch
    {
        KeyStatus.Active => "active",
        KeyStatus.Disabled => "disabled",
        KeyStatus.Revoked => "revoked",
        _ => "expired",
    };

    public static string Of(SigningMode value) => value switch
    {
        SigningMode.Allowed => "allowed",
        SigningMode.Required => "required",
        _ => "off",
    };

    public static string Of(MisusePolicy value) => value == MisusePolicy.Disable ? "disable" : "alert";

    public static string Of(QuotaMetric value) => value switch
    {
        QuotaMetric.Messages => "messages",
        QuotaMetric.MarketingMessages => "messages:marketing",
        QuotaMetric.UtilityMessages => "messages:utility",
        QuotaMetric.AuthenticationMessages => "messages:authentication",
        QuotaMetric.ServiceMessages => "messages:service",
        _ => "requests",
    };

    public static string Of(QuotaPeriod value) => value == QuotaPeriod.Month ? "month" : "day";

    /// <summary>Parses an API name back to its enum value, case-sensitively, as the API documents them.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (NameOf(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string Choices<T>() where T : struct, Enum =>
        string.Join(", ", Enum.GetValues<T>().Select(v => NameOf(v)));

    private static string NameOf<T>(T value) where T : struct, Enum => value switch
    {
        KeyEnvironment e => Of(e),
        KeyStatus s => Of(s),
        SigningMode s => Of(s),
        MisusePolicy m => Of(m),
        QuotaMetric q => Of(q),
        QuotaPeriod p => Of(p),
        _ => value.ToString().ToLowerInvariant(),
    };
}
