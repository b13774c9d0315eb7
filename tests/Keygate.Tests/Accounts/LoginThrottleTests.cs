using Keygate.Accounts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Keygate.Tests.Accounts;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void LocksAfterTheThreshold_AndDoublesEachFurtherFailure()
    {
        var throttle = new LoginThrottle(Options.Create(new LoginThrottleOptions()), _clock);
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("a@x", "10.0.0.1");
            Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("a@x", "10.0.0.1"));
        }
        throttle.Failed("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.FromSeconds(30), throttle.RetryAfter("a@x", "10.0.0.1"));
        throttle.Failed("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.FromSeconds(60), throttle.RetryAfter("a@x", "10.0.0.2"));
    }

    [Fact]
    public void OneAddressGuessingManyAccounts_IsLockedByAddress()
    {
        var throttle = new LoginThrottle(Options.Create(new LoginThrottleOptions()), _clock);
        for (var i = 0; i < 20; i++)
        {
            throttle.Failed($"user{i}@x", "10.0.0.9");
        }
        Assert.True(throttle.RetryAfter("fresh@x", "10.0.0.9") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("fresh@x", "10.0.0.10"));
    }

    [Fact]
    public void SuccessClearsTheAccountCount()
    {
        var throttle = new LoginThrottle(Options.Create(new LoginThrottleOptions()), _clock);
        for (var i = 0; i < 4; i++)
        {
            throttle.Failed("a@x", "10.0.0.1");
        }
        throttle.Succeeded("a@x");
        throttle.Failed("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter("a@x", "10.0.0.3"));
    }
}
