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
    public async Task LocksOnceTheThresholdIsReserved_AndDoublesEachFurtherFailure()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.1"));
        }
        Assert.Equal(TimeSpan.FromSeconds(30), await throttle.TryReserveAsync("a@x", "10.0.0.1"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.1"));
        Assert.Equal(TimeSpan.FromSeconds(60), await throttle.TryReserveAsync("a@x", "10.0.0.2"));
    }

    [Fact]
    public async Task AttemptsRefusedDuringALock_AreNotCounted()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            await throttle.TryReserveAsync("a@x", "10.0.0.1");
        }
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(30), await throttle.TryReserveAsync("a@x", "10.0.0.1"));
        }
    }

    [Fact]
    public async Task OneAddressGuessingManyAccounts_IsLockedByAddress()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 20; i++)
        {
            await throttle.TryReserveAsync($"user{i}@x", "10.0.0.9");
        }
        Assert.True(await throttle.TryReserveAsync("fresh@x", "10.0.0.9") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("fresh@x", "10.0.0.10"));
    }

    [Fact]
    public async Task Success_GivesBackItsOwnAttempt_ButDoesNotForgetTheEmailsEarlierFailures()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 4; i++)
        {
            await throttle.TryReserveAsync("a@x", "10.0.0.1");
        }
        await throttle.TryReserveAsync("a@x", "10.0.0.1");
        await throttle.ReleaseAsync("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.3"));
        // The fifth failure locks: a right password (perhaps another account's login of the same e-mail) cleared nothing.
        Assert.NotEqual(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.3"));

        // Twenty right passwords from one office address never lock it.
        for (var i = 0; i < 25; i++)
        {
            Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync($"colleague{i}@x", "10.0.0.4"));
            await throttle.ReleaseAsync($"colleague{i}@x", "10.0.0.4");
        }
    }

    [Fact]
    public async Task ReleasedAttempts_LiftTheLockTheyStarted()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            await throttle.TryReserveAsync("a@x", "10.0.0.1");
        }
        await throttle.ReleaseAsync("a@x", "10.0.0.1");
        Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.1"));
    }

    [Fact]
    public async Task ARightPasswordAfterALockRanOut_StartsNoNewLock()
    {
        using var throttle = NewThrottle();
        for (var i = 0; i < 5; i++)
        {
            await throttle.TryReserveAsync("a@x", "10.0.0.1");
        }
        _clock.Advance(TimeSpan.FromSeconds(30));

        // The owner signs in once the lock is over: the attempt counted a sixth failure (a lock of a minute) until it proved right.
        Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.1"));
        await throttle.ReleaseAsync("a@x", "10.0.0.1");

        Assert.Equal(TimeSpan.Zero, await throttle.TryReserveAsync("a@x", "10.0.0.1"));
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
