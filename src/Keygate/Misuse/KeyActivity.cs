using System.Text.Json.Nodes;
using Keygate.Keys;

namespace Keygate.Misuse;

/// <summary>What misuse detection remembers about one key, in memory. Guarded by locking the instance.</summary>
internal sealed class KeyActivity
{
    // Secret guessing.
    public Queue<DateTimeOffset> Failures { get; } = new();
    public HashSet<string> GuessAddresses { get; } = [];
    public DateTimeOffset GuessingLockedUntil { get; set; }
    public int GuessingLocks { get; set; }

    // Volume against the key's own baseline: requests per hour, in a ring.
    public long[] Hours { get; set; } = [];
    public long NewestHour { get; set; }
    public long FirstHour { get; set; } = -1;
    public long SpikeReportedHour { get; set; } = -1;

    // Distinct recipients per hour, against the key's own baseline: a leaked key spamming many numbers.
    public long[] RecipientHours { get; set; } = [];
    public long RecipientHour { get; set; } = -1;
    public long FirstRecipientHour { get; set; } = -1;
    public HashSet<string> RecipientsThisHour { get; } = new(StringComparer.Ordinal);
    public long FanOutReportedHour { get; set; } = -1;

    // Source networks.
    public DateTimeOffset FirstSeen { get; set; }
    public HashSet<string> Networks { get; } = new(StringComparer.Ordinal);
    /// <summary>The last address seen: the common case, the same client again, needs no network worked out.</summary>
    public System.Net.IPAddress? LastAddress { get; set; }

    // Requests refused for limits.
    public Queue<DateTimeOffset> Refusals { get; } = new();
    public DateTimeOffset RefusalsReportedAt { get; set; }

    // Use of a revoked, expired or canary key: reported at most once a minute each, the open alert counts the rest.
    public Dictionary<AlertKind, DateTimeOffset> LastReported { get; } = [];
}

/// <summary>A suspicion raised on the request path, persisted (and acted on) by <see cref="AlertWriter"/>.</summary>
internal sealed record AlertDraft(KeySnapshot Key, AlertKind Kind, AlertSeverity Severity, JsonObject Evidence, AlertAction Action = AlertAction.None);
