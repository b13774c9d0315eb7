using Keygate.Http;

namespace Keygate.Misuse;

/// <summary>
/// A suspicion about one key, with its evidence. While it is open, the same suspicion again updates it
/// (<see cref="Occurrences"/>, <see cref="LastSeenAt"/>) instead of raising another.
/// </summary>
internal sealed class Alert : IListedRow
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required string KeyId { get; init; }
    public AlertKind Kind { get; init; }
    public AlertSeverity Severity { get; init; }
    /// <summary>A JSON object: counts, addresses, window. Never a secret.</summary>
    public required string Evidence { get; set; }
    public AlertAction Action { get; set; }
    public int Occurrences { get; set; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

// Persisted as numbers: never renumber.

internal enum AlertKind
{
    SecretGuessing = 1,
    VolumeSpike = 2,
    NewNetwork = 3,
    SustainedRefusals = 4,
    RevokedKeyUse = 5,
    ExpiredKeyUse = 6,
    CanaryUse = 7,
    RecipientFanOut = 8,
}

internal enum AlertSeverity
{
    Low = 1,
    Medium = 2,
    High = 3,
}

internal enum AlertAction
{
    None = 0,
    /// <summary>The key's misuse policy is <c>disable</c>, and Keygate disabled it.</summary>
    KeyDisabled = 1,
    /// <summary>Wrong-secret attempts against the key are refused for a while; the right secret still works.</summary>
    GuessingLocked = 2,
}

internal static class AlertNames
{
    public static string Of(AlertKind kind) => kind switch
    {
        AlertKind.SecretGuessing => "secret_guessing",
        AlertKind.VolumeSpike => "volume_spike",
        AlertKind.NewNetwork => "new_network",
        AlertKind.SustainedRefusals => "sustained_refusals",
        AlertKind.RevokedKeyUse => "revoked_key_use",
        AlertKind.ExpiredKeyUse => "expired_key_use",
        AlertKind.RecipientFanOut => "recipient_fan_out",
        _ => "canary_use",
    };

    public static string Of(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string Of(AlertAction action) => action switch
    {
        AlertAction.KeyDisabled => "key_disabled",
        AlertAction.GuessingLocked => "guessing_locked",
        _ => "none",
    };

    public static IEnumerable<string> Kinds => Enum.GetValues<AlertKind>().Select(Of);

    public static bool TryParse(string? name, out AlertKind kind)
    {
        kind = Enum.GetValues<AlertKind>().FirstOrDefault(k => Of(k) == name);
        return kind != default;
    }

    /// <summary>
    /// Whether a key whose policy is <c>disable</c> is disabled for this kind. Not for guessing: the guesser
    /// does not hold the secret, and disabling would let anyone who knows a key id switch it off. Not for a
    /// revoked or expired key: it already works no more.
    /// </summary>
    public static bool DisablesUnderPolicy(AlertKind kind) =>
        kind is AlertKind.VolumeSpike or AlertKind.NewNetwork or AlertKind.SustainedRefusals or AlertKind.CanaryUse or AlertKind.RecipientFanOut;
}
