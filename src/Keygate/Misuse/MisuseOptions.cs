namespace Keygate.Misuse;

/// <summary>Thresholds of the misuse detectors (docs/LIMITS.md), all under <c>Misuse:</c>.</summary>
internal sealed class MisuseOptions
{
    public const string Section = "Misuse";

    public GuessingOptions SecretGuessing { get; set; } = new();
    public VolumeOptions VolumeSpike { get; set; } = new();
    public NetworkOptions NewNetwork { get; set; } = new();
    public RefusalOptions SustainedRefusals { get; set; } = new();
    public FanOutOptions RecipientFanOut { get; set; } = new();

    public sealed class GuessingOptions
    {
        /// <summary>Wrong secrets for one key within the window that count as guessing.</summary>
        public int Failures { get; set; } = 10;
        public int WindowSeconds { get; set; } = 300;
        /// <summary>First lock of wrong-secret attempts; each further round of guessing doubles it.</summary>
        public int FirstLockSeconds { get; set; } = 60;
        public int MaxLockSeconds { get; set; } = 3600;
    }

    public sealed class VolumeOptions
    {
        /// <summary>An hour's requests above this many times the key's trailing hourly average…</summary>
        public double Factor { get; set; } = 10;
        /// <summary>…and above this floor, so that a quiet key's small burst is not an alert.</summary>
        public long MinRequests { get; set; } = 100;
        /// <summary>Hours of history a key needs before it has a baseline.</summary>
        public int MinHistoryHours { get; set; } = 6;
        public int BaselineHours { get; set; } = 24;
    }

    public sealed class NetworkOptions
    {
        /// <summary>Networks seen in a key's first hours are learned, not reported.</summary>
        public int LearningHours { get; set; } = 24;
        public int IPv4PrefixLength { get; set; } = 24;
        public int IPv6PrefixLength { get; set; } = 48;
        /// <summary>Networks remembered per key; past it, the key stops learning new ones.</summary>
        public int MaxNetworks { get; set; } = 1000;
    }

    public sealed class FanOutOptions
    {
        /// <summary>Distinct recipients in an hour above this many times the key's trailing hourly average…</summary>
        public double Factor { get; set; } = 10;
        /// <summary>…and above this floor.</summary>
        public int MinRecipients { get; set; } = 50;
        public int MinHistoryHours { get; set; } = 6;
        public int BaselineHours { get; set; } = 24;
    }

    public sealed class RefusalOptions
    {
        /// <summary>Requests refused for a rate limit or quota within the window that count as sustained.</summary>
        public int Refusals { get; set; } = 50;
        public int WindowSeconds { get; set; } = 300;
    }
}
