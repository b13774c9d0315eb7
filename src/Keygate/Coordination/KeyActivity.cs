namespace Keygate.Coordination;

/// <summary>What misuse detection remembers about one key; kept by <see cref="IMisuseState"/>, changed only inside its updates.</summary>
internal sealed class KeyActivity
{
    // Secret guessing.
    public Queue<DateTimeOffset> Failures { get; } = new();
    /// <summary>Wrong secrets this node saw itself, ever: how a shared state tells that an update saw one, to tell the other nodes.</summary>
    public long WrongSecrets { get; set; }
    public HashSet<string> GuessAddresses { get; } = [];
    public DateTimeOffset GuessingLockedUntil { get; set; }
    public int GuessingLocks { get; set; }

    /// <summary>
    /// A round of guessing ends in a lock until <paramref name="until"/>: counted (the next lasts twice as long), and its
    /// wrong secrets and addresses spent, so the next round needs the whole threshold again. Whichever node saw the round.
    /// </summary>
    public void LockGuessing(DateTimeOffset until)
    {
        GuessingLocks++;
        GuessingLockedUntil = until;
        Failures.Clear();
        GuessAddresses.Clear();
    }

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

    /// <summary>What this node has yet to tell the others about the baselines above; null on a single node.</summary>
    public BaselineShare? Share { get; set; }

    // Requests refused for limits.
    public Queue<DateTimeOffset> Refusals { get; } = new();
    public DateTimeOffset RefusalsReportedAt { get; set; }

    // Use of a revoked, expired or canary key: reported at most once a minute each, the open alert counts the rest.
    // By alert kind's number.
    public Dictionary<int, DateTimeOffset> LastReported { get; } = [];

    /// <summary>
    /// A wrong secret another node saw, counted toward the guessing lock as if seen here (the detector trims the old ones
    /// on the next wrong secret here). The newest thousand at most, so a node that sees none itself does not grow it.
    /// </summary>
    public void WrongSecretElsewhere(DateTimeOffset at)
    {
        Failures.Enqueue(at);
        while (Failures.Count > 1_000)
        {
            Failures.Dequeue();
        }
    }
}
