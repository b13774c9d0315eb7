using System.Diagnostics.Metrics;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Limits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Keygate.Tests.Limits;

public sealed class RateLimitResetTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, 500, TimeSpan.Zero));

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(1_500)]
    [InlineData(2_999)]
    public async Task RateLimitReset_ForAOneMinuteWindow_NeverReadsMoreThanSixtySeconds(int offsetMilliseconds)
    {
        var limiter = Limiter();
        var key = KeyWith(limit: 10, periodSeconds: 60);
        _clock.Advance(TimeSpan.FromMilliseconds(offsetMilliseconds));

        var decision = await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);

        Assert.True(decision.Allowed);
        Assert.InRange(decision.Tightest!.ResetSeconds, 1, 60);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_500)]
    [InlineData(2_999)]
    public async Task RetryAfter_ForAOneMinuteWindow_IsAtMostSixtySecondsAndTheRetryIsThenAdmitted(int offsetMilliseconds)
    {
        var limiter = Limiter();
        var key = KeyWith(limit: 2, periodSeconds: 60);
        _clock.Advance(TimeSpan.FromMilliseconds(offsetMilliseconds));
        await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);

        var refused = await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);
        Assert.False(refused.Allowed);
        // The first request was made 10 s ago: it leaves the window in 50 s, not a bucket later.
        var wait = TimeSpan.FromSeconds(Math.Ceiling(refused.RetryAfter.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(50), wait);
        Assert.Equal(50, refused.Tightest!.ResetSeconds);

        _clock.Advance(wait);
        Assert.True((await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None)).Allowed);
    }

    [Fact]
    public async Task RetryAfter_OneSecondEarly_IsStillRefused()
    {
        var limiter = Limiter();
        var key = KeyWith(limit: 1, periodSeconds: 60);
        _clock.Advance(TimeSpan.FromMilliseconds(1_500));
        await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);
        var refused = await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None);

        _clock.Advance(refused.RetryAfter - TimeSpan.FromSeconds(1));

        Assert.False((await limiter.TryAcquireAsync(key, Charge.OneRequest, CancellationToken.None)).Allowed);
    }

    // No quotas, so the durable ledger is never asked.
    private KeyLimiter Limiter()
    {
        var metrics = new LimitMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        return new(new InProcessLimitCounters(new QuotaLedger(null!, metrics), _clock, Options.Create(new LimitCounterOptions())), metrics, _clock);
    }

    private static KeySnapshot KeyWith(long limit, int periodSeconds) => new()
    {
        Id = "kg_live_" + Guid.NewGuid().ToString("N")[..22],
        AccountId = "acct",
        IpAllowlist = [],
        PhoneNumberIds = [],
        RateLimits = [new WindowRule("per-minute", limit, periodSeconds)],
        Quotas = [],
        SecretHash = [],
    };
}
