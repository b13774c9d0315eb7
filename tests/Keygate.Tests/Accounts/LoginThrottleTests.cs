using Keygate.Accounts;
using Keygate.Coordination;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Keygate.Tests.Accounts;

public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new();

    private LoginThrottle NewThrottle() => new(new InProcessLoginAttempts(_clock), Options.Create(new LoginThrottleOptions()));

    [Fact]
    public void LocksOnceTheThresholdIsReserved_AndDoublesEachFurtherFailure()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.TryReserve("a@x", "10.0.0.1"));
        }
        Assert.Equal(TimeSpan.FromSeconds(30), throttle.TryReserve("a@x", "10.0.0.1"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, throttle.TryReserve("a@x", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(60), throttle.TryReserve("a@x", "10.0.0.2"));
    }

    [Fact]
    public void AttemptsRefusedDuringALock_AreNotCounted()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            throttle.TryReserve("a@x", "10.0.0.1");
        }
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(30), throttle.TryReserve("a@x", "10.0.0.1"));
        }
    }

    [Fact]
    public void OneAddressGuessingManyAccounts_IsLockedByAddress()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 20; i++)
        {
            throttle.TryReserve($"user{i}@x", "10.0.0.9");
        }
        Assert.True(throttle.TryReserve("fresh@x", "10.0.0.9") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, throttle.TryReserve("fresh@x", "10.0.0.10"));
    }

    [Fact]
    public void Success_GivesBackItsOwnAttempt_ButDoesNotForgetTheEmailsEarlierFailures()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 4; i++)
        {
            throttle.TryReserve("a@x", "10.0.0.1");
        }
        throttle.TryReserve("a@x", "10.0.0.1");
        throttle.Release("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.TryReserve("a@x", "10.0.0.3"));
        // The fifth failure locks: a right password (perhaps another account's login of the same e-mail) cleared nothing.
        Assert.NotEqual(TimeSpan.Zero, throttle.TryReserve("a@x", "10.0.0.3"));

        // Twenty right passwords from one office address never lock it.
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(TimeSpan.Zero, throttle.TryReserve($"colleague{i}@x", "10.0.0.4"));
            throttle.Release($"colleague{i}@x", "10.0.0.4");
        }
    }

    [Fact]
    public void ReleasedAttempts_LiftTheLockTheyStarted()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            throttle.TryReserve("a@x", "10.0.0.1");
        }
        throttle.Release("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, throttle.TryReserve("a@x", "10.0.0.1"));
    }

    [Fact]
    public async Task PasswordChecks_BeyondTheSlots_AreRefusedOnceTheWaitEnds()
    {
        using var throttle = new LoginThrottle(new InProcessLoginAttempts(_clock), Options.Create(new LoginThrottleOptions { ConcurrentPasswordChecks = 1, PasswordCheckWaitSeconds = 0 }));
        var hash = PasswordHasher.Hash("a long enough password");

        var checks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => throttle.CheckPasswordAsync("a long enough password", [hash], CancellationToken.None))));

        Assert.Contains(0, checks.Cast<int?>());
        Assert.Contains(null, checks);
    }
}
