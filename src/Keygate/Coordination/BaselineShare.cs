namespace Keygate.Coordination;

/// <summary>
/// What one node has not yet told the others about a key's baselines, and how it folds in what they told it. Kept in
/// the key's <see cref="KeyActivity"/> and used only inside the key's updates, under its lock; present only when the
/// baselines are shared (<see cref="RedisBaselineSync"/>). The detectors count on the node as on a single one: they hand
/// each new recipient and network to <see cref="Recipient"/> and <see cref="Network"/>, and the hourly request counts are
/// told as the difference from what the cluster said last.
/// </summary>
internal sealed class BaselineShare
{
    // An hour's recipients are told for as long as it is one of the two newest: the hour that just ended gets its last
    // recipients told at the next pass, whatever the clock says meanwhile.
    private const int RecipientHoursTold = 2;

    private readonly Dictionary<long, long> _clusterHours = [];
    private readonly SortedDictionary<long, List<string>> _recipients = [];
    private List<string> _networks = [];

    /// <summary>Whether the key waits in <see cref="RedisBaselineSync"/>'s queue for the next pass (until its next <see cref="Take"/>).</summary>
    public bool Queued { get; set; }

    /// <summary>A recipient new to this node in <paramref name="hour"/>.</summary>
    public void Recipient(long hour, string recipient)
    {
        if (!_recipients.TryGetValue(hour, out var recipients))
        {
            _recipients[hour] = recipients = [];
        }
        recipients.Add(recipient);
        KeepNewestRecipientHours();
    }

    /// <summary>A network new to this node.</summary>
    public void Network(string network) => _networks.Add(network);

    /// <summary>What to tell: the requests counted here and not yet told, per hour, and the new recipients and networks.</summary>
    public Told Take(KeyActivity activity)
    {
        var hours = new List<(long Hour, long Count)>();
        if (activity.FirstHour >= 0)
        {
            for (var hour = activity.NewestHour - activity.Hours.Length + 1; hour <= activity.NewestHour; hour++)
            {
                var untold = activity.Hours[Slot(hour, activity.Hours)] - _clusterHours.GetValueOrDefault(hour);
                if (untold > 0)
                {
                    hours.Add((hour, untold));
                }
            }
        }
        var told = new Told(hours, [.. _recipients.Select(r => (r.Key, (IReadOnlyList<string>)r.Value))], _networks, activity.Networks.Count,
            activity.FirstHour, activity.FirstRecipientHour, activity.Networks.Count > 0 ? activity.FirstSeen : null);
        _recipients.Clear();
        _networks = [];
        Queued = false;
        return told;
    }

    /// <summary>Telling failed: what was taken is told next time.</summary>
    public void Restore(Told told)
    {
        foreach (var (hour, recipients) in told.Recipients)
        {
            if (!_recipients.TryGetValue(hour, out var since))
            {
                _recipients[hour] = since = [];
            }
            since.InsertRange(0, recipients);
        }
        KeepNewestRecipientHours();
        _networks.InsertRange(0, told.Networks);
    }

    /// <summary>
    /// Folds in the cluster's baselines, as of the telling: each hour becomes the cluster's count plus what this node counted
    /// since it took <paramref name="told"/>, and the key's history starts at the earliest hour any node saw it. A baseline
    /// this node has not started yet (its ring is empty) waits for the next telling rather than starting with empty hours.
    /// </summary>
    public void Merge(KeyActivity activity, Told told, ClusterBaselines cluster, DateTimeOffset now)
    {
        foreach (var (hour, count) in cluster.Hours)
        {
            if (activity.Hours.Length == 0 || hour <= activity.NewestHour - activity.Hours.Length || hour > activity.NewestHour)
            {
                continue;
            }
            var slot = Slot(hour, activity.Hours);
            var sinceTaken = activity.Hours[slot] - _clusterHours.GetValueOrDefault(hour) - told.HourCount(hour);
            activity.Hours[slot] = count + sinceTaken;
            _clusterHours[hour] = count;
        }
        foreach (var hour in _clusterHours.Keys.Where(h => h <= activity.NewestHour - activity.Hours.Length).ToList())
        {
            _clusterHours.Remove(hour);
        }
        if (activity.Hours.Length > 0)
        {
            activity.FirstHour = Earliest(activity.FirstHour, cluster.FirstHour);
        }

        foreach (var (hour, count) in cluster.RecipientHours)
        {
            if (activity.RecipientHours.Length == 0 || hour <= activity.RecipientHour - activity.RecipientHours.Length || hour > activity.RecipientHour)
            {
                continue;
            }
            // The cluster's distinct recipients of the hour, and those met here since the telling (one that another node met
            // too is counted twice until the next telling, whose count replaces this one).
            activity.RecipientHours[Slot(hour, activity.RecipientHours)] = count + (_recipients.TryGetValue(hour, out var since) ? since.Count : 0);
        }
        if (activity.RecipientHours.Length > 0)
        {
            activity.FirstRecipientHour = Earliest(activity.FirstRecipientHour, cluster.FirstRecipientHour);
        }

        if (cluster.Networks.Count > 0 && activity.Networks.Count == 0)
        {
            activity.FirstSeen = cluster.FirstSeen ?? now;
        }
        activity.Networks.UnionWith(cluster.Networks);
        if (cluster.FirstSeen is { } seen && activity.Networks.Count > 0 && seen < activity.FirstSeen)
        {
            activity.FirstSeen = seen;
        }
    }

    private void KeepNewestRecipientHours()
    {
        while (_recipients.Count > RecipientHoursTold)
        {
            _recipients.Remove(_recipients.Keys.First());
        }
    }

    private static long Earliest(long local, long cluster) => local < 0 ? cluster : cluster < 0 ? local : Math.Min(local, cluster);

    private static int Slot(long hour, long[] ring) => (int)(hour % ring.Length);

    /// <summary>
    /// What one telling carried: untold request counts by hour, untold recipients by hour (the two newest hours at most),
    /// untold networks and how many this node knows in all; <c>-1</c> and null where the key has nothing of the kind yet.
    /// </summary>
    public sealed record Told(IReadOnlyList<(long Hour, long Count)> Hours, IReadOnlyList<(long Hour, IReadOnlyList<string> Recipients)> Recipients,
        IReadOnlyList<string> Networks, int NetworksKnown, long FirstHour, long FirstRecipientHour, DateTimeOffset? FirstSeen)
    {
        public long HourCount(long hour)
        {
            foreach (var (told, count) in Hours)
            {
                if (told == hour)
                {
                    return count;
                }
            }
            return 0;
        }
    }

    /// <summary>
    /// A key's baselines as the cluster holds them: counts by hour, the earliest hours and network sighting, and the
    /// networks when the cluster knows more of them than this node did.
    /// </summary>
    public sealed record ClusterBaselines(IReadOnlyList<(long Hour, long Count)> Hours, long FirstHour,
        IReadOnlyList<(long Hour, long Count)> RecipientHours, long FirstRecipientHour, IReadOnlyList<string> Networks, DateTimeOffset? FirstSeen);
}
