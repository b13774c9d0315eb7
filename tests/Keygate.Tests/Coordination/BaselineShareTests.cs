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
        Assert.Equal(["15550001", "15550002"], again.Recipients);
        Assert.Equal(["203.0.113.0/24"], again.Networks);
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
        DateTimeOffset? firstSeen = null) =>
        new(hours, firstHour < 0 ? Hour : firstHour, [], -1, networks ?? [], firstSeen);

    private static KeyRequest Request() => new(DetectorTests.Key, "keys", Outcomes.Ok, null, IPAddress.Loopback, Start);
}
