using System.Net;
using Keygate.Authentication;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Misuse;
using Keygate.Usage;

namespace Keygate.Tests.Misuse;

public sealed class DetectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    /// <summary>A key for detectors to judge (shared with the baseline tests).</summary>
    internal static readonly KeySnapshot Key = new()
    {
        Id = "kg_live_x",
        AccountId = "acc_1",
        Status = KeyStatus.Active,
        IpAllowlist = [],
        PhoneNumberIds = [],
        RateLimits = [],
        Quotas = [],
        SecretHash = new byte[32],
    };

    [Fact]
    public void Guessing_LocksAtTheThreshold_AndEachNewRoundDoublesTheLock()
    {
        var activity = new KeyActivity();
        var options = new MisuseOptions.GuessingOptions { Failures = 3, WindowSeconds = 60, FirstLockSeconds = 10 };
        Assert.Null(Detectors.SecretGuessing(activity, Request(Start), options));
        Assert.Null(Detectors.SecretGuessing(activity, Request(Start.AddSeconds(1)), options));
        var first = Detectors.SecretGuessing(activity, Request(Start.AddSeconds(2)), options);
        Assert.Equal(10, first!.Evidence["lockedForSeconds"]!.GetValue<int>());

        var later = Start.AddSeconds(20);
        for (var i = 0; i < 2; i++)
        {
            Assert.Null(Detectors.SecretGuessing(activity, Request(later.AddSeconds(i)), options));
        }
        var second = Detectors.SecretGuessing(activity, Request(later.AddSeconds(2)), options);
        Assert.Equal(20, second!.Evidence["lockedForSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void Guessing_SpreadThinnerThanTheWindow_IsNotReported()
    {
        var activity = new KeyActivity();
        var options = new MisuseOptions.GuessingOptions { Failures = 3, WindowSeconds = 60 };
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(Detectors.SecretGuessing(activity, Request(Start.AddSeconds(i * 31)), options));
        }
    }

    [Fact]
    public void VolumeSpike_NeedsHistory_ThenFiresOnceAnHourAboveFactorTimesBaseline()
    {
        var activity = new KeyActivity();
        var options = new MisuseOptions.VolumeOptions { Factor = 4, MinRequests = 10, MinHistoryHours = 2 };
        // Without history even a burst is not a spike.
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(Detectors.VolumeSpike(activity, Request(Start), options));
        }
        var fresh = new KeyActivity();
        for (var hour = 0; hour < 2; hour++)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Null(Detectors.VolumeSpike(fresh, Request(Start.AddHours(hour)), options));
            }
        }
        var spikeHour = Start.AddHours(2);
        var alerts = Enumerable.Range(0, 40).Select(_ => Detectors.VolumeSpike(fresh, Request(spikeHour), options)).Where(a => a is not null).ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(21L, alert!.Evidence["requestsThisHour"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:abcd:12::1", "2001:db8:abcd::/48")]
    public void NetworkOf_MasksToThePrefix(string address, string network) =>
        Assert.Equal(network, Detectors.NetworkOf(IPAddress.Parse(address), new MisuseOptions.NetworkOptions()));

    private static KeyRequest Request(DateTimeOffset at, string outcome = Outcomes.Unauthenticated) =>
        new(Key, "keys", outcome, AuthenticationFailure.Invalid, IPAddress.Loopback, at);
}
