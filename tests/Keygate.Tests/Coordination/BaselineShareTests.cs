using System.Net;
using Keygate.Coordination;
using Keygate.Misuse;
using Keygate.Tests.Misuse;
using Keygate.Usage;

namespace Keygate.Tests.Coordination;

/// <summary>
/// How a node tells its baselines and folds in the cluster's: counts made while a telling is on its way are neither lost nor
/// told twice, a telling that failed is told again, and a node new to a key takes the key's past from the cluster.
/// </summary>
public sealed class BaselineShareTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 10, 30, 0, TimeSpan.Zero);
    private static readonly long Hour = Start.ToUnixTimeSeconds() / 3600;
    private static readonly MisuseOptions.VolumeOptions Volume = new() { BaselineHours = 3, MinHistoryHours = 1, MinRequests = 10 };

    [Fact]
    public void RequestsCountedWhileATellingIsOnItsWay_StayOnTopOfTheClusterCount_AndAreToldNext()
    {
        var activity = new KeyActivity { Share = new BaselineShare() };
        Requests(activity, 3);
        var told = activity.Share.Take(activity);
        Assert.Equal([(Hour, 3L)], told.Hours);

        Requests(activity, 2);
        // The cluster holds the 3 told and 7 from other nodes.
        activity.Share.Merge(activity, told, Cluster(hours: [(Hour, 10)]), Start);
        Assert.Equal(12, activity.Hours[Hour % activity.Hours.Length]);

        var next = activity.Share.Take(activity);
        Assert.Equal([(Hour, 2L)], next.Hours);
    }

    [Fact]
    public void ATellingThatFailed_IsToldAgain()
    {
        var activity = new KeyActivity { Share = new BaselineShare() };
        Requests(activity, 4);
        activity.Share.Recipient(Hour, "15550001");
        activity.Share.Network("203.0.113.0/24");
        var told = activity.Share.Take(activity);

        activity.Share.Recipient(Hour, "15550002");
        activity.Share.Restore(told);
        var again = activity.Share.Take(activity);
        Assert.Equal([(Hour, 4L)], again.Hours);
        var recipients = Assert.Single(again.Recipients);
        Assert.Equal(Hour, recipients.Hour);
        Assert.Equal(["15550001", "15550002"], recipients.Recipients);
        Assert.Equal(["203.0.113.0/24"], again.Networks);
    }

    [Fact]
    public void RecipientsMetAsAnHourEnds_AreToldWithTheNextHoursAfterItEnded()
    {
        var share = new BaselineShare();
        share.Recipient(Hour, "15550001");
        share.Recipient(Hour + 1, "15550002");
        var told = share.Take(new KeyActivity());
        Assert.Equal([Hour, Hour + 1], told.Recipients.Select(r => r.Hour));

        // Only the two newest hours are kept untold: a late recipient of an older hour is this node's alone.
        share.Recipient(Hour + 2, "15550003");
        share.Recipient(Hour + 3, "15550004");
        share.Recipient(Hour + 1, "15550005");
        Assert.Equal([Hour + 2, Hour + 3], share.Take(new KeyActivity()).Recipients.Select(r => r.Hour));
    }

    [Fact]
    public void ARecipientAnotherNodeMetToo_CountsOnceAfterTheNextTelling()
    {
        var activity = new KeyActivity { Share = new BaselineShare() };
        var fanOut = new MisuseOptions.FanOutOptions { BaselineHours = 3 };
        Detectors.RecipientFanOut(activity, DetectorTests.Key, "15550001", Start, fanOut);
        var told = activity.Share.Take(activity);
        // The cluster has this node's recipient and 9 others.
        activity.Share.Merge(activity, told, Cluster(hours: [], recipientHours: [(Hour, 10)]), Start);
        Assert.Equal(10, activity.RecipientHours[Hour % activity.RecipientHours.Length]);

        // One of those 9 comes here: new to this node, counted up, until the cluster's count (still 10) replaces it.
        Detectors.RecipientFanOut(activity, DetectorTests.Key, "15550002", Start, fanOut);
        Assert.Equal(11, activity.RecipientHours[Hour % activity.RecipientHours.Length]);
        told = activity.Share.Take(activity);
        activity.Share.Merge(activity, told, Cluster(hours: [], recipientHours: [(Hour, 10)]), Start);
        Assert.Equal(10, activity.RecipientHours[Hour % activity.RecipientHours.Length]);
    }

    [Fact]
    public void ANodeNewToAKey_TakesItsPastHoursFirstHourAndNetworksFromTheCluster()
    {
        var activity = new KeyActivity { Share = new BaselineShare() };
        Requests(activity, 1);
        var told = activity.Share.Take(activity);
        var seen = Start.AddDays(-3);

        activity.Share.Merge(activity, told, Cluster(hours: [(Hour - 2, 5), (Hour - 1, 7), (Hour, 1)], firstHour: Hour - 40,
            networks: ["198.51.100.0/24"], firstSeen: seen), Start);
        Assert.Equal(Hour - 40, activity.FirstHour);
        Assert.Equal(5, activity.Hours[(Hour - 2) % activity.Hours.Length]);
        Assert.Equal(7, activity.Hours[(Hour - 1) % activity.Hours.Length]);
        Assert.Contains("198.51.100.0/24", activity.Networks);
        Assert.Equal(seen, activity.FirstSeen);

        // Judged against that past (an average of 4 over the three hours before): the 41st request of the hour is a spike.
        Requests(activity, 39);
        var alert = Detectors.VolumeSpike(activity, Request(), Volume);
        Assert.Equal(41L, alert!.Evidence["requestsThisHour"]!.GetValue<long>());
        Assert.Equal(4.0, alert.Evidence["baselinePerHour"]!.GetValue<double>());
    }

    private static void Requests(KeyActivity activity, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Null(Detectors.VolumeSpike(activity, Request(), Volume));
        }
    }

    private static BaselineShare.ClusterBaselines Cluster((long Hour, long Count)[] hours, long firstHour = -1, string[]? networks = null,
        DateTimeOffset? firstSeen = null, (long Hour, long Count)[]? recipientHours = null) =>
        new(hours, firstHour < 0 ? Hour : firstHour, recipientHours ?? [], -1, networks ?? [], firstSeen);

    private static KeyRequest Request() => new(DetectorTests.Key, "keys", Outcomes.Ok, null, IPAddress.Loopback, Start);
}
