namespace Keygate.IntegrationTests;

public class LimitsTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task SixPerMinute_AdmitsExactlySixOfSeven_CountingDownInTheHeaders()
    {
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "per-minute", limit = 6, periodSeconds = 60 } } });
        var client = app.ClientFor(key);

        for (var expected = 5; expected >= 0; expected--)
        {
            var response = await client.GetAsync("/v1/whoami");
            await response.ShouldHaveStatusAsync(200);
            Assert.Equal("6", Header(response, "RateLimit-Limit"));
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "RateLimit-Remaining"));
        }
        var refused = await client.GetAsync("/v1/whoami");
        await refused.ShouldBeProblemAsync(429, "rate_limited");
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.InRange(int.Parse(Header(refused, "RateLimit-Reset"), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task Window_RollsOver_AfterItsPeriod()
    {
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "burst", limit = 3, periodSeconds = 10 } } });
        var client = app.ClientFor(key);
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");

        app.Clock.Advance(TimeSpan.FromSeconds(5));
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
        app.Clock.Advance(TimeSpan.FromSeconds(6)); // one period plus one bucket (10 s / 20) after the first three
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task RefusedByTheMinuteLimit_SpendsNothingFromTheMonthlyQuota()
    {
        var key = await app.CreateKeyAsync(new
        {
            rateLimits = new[] { new { name = "per-minute", limit = 12, periodSeconds = 60 } },
            quotas = new[] { new { metric = "requests", limit = 200, period = "month" } },
        });
        var client = app.ClientFor(key);
        for (var i = 0; i < 12; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");

        var allowances = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}/allowances").JsonAsync();
        var monthly = allowances.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "quota");
        Assert.Equal(188, monthly.GetProperty("remaining").GetInt64());
        var minute = allowances.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "rate");
        Assert.Equal(0, minute.GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task Quota_ReportsTheResetTimeWhenUsedUp()
    {
        var key = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 2, period = "day" } } });
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var refused = await client.GetAsync("/v1/whoami");
        await refused.ShouldBeProblemAsync(429, "quota_exceeded");
        var now = app.Clock.GetUtcNow();
        var untilMidnight = (now.Date.AddDays(1) - now.UtcDateTime).TotalSeconds;
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, untilMidnight - 2, untilMidnight + 2);
    }

    [Fact]
    public async Task UsedUpDailyQuota_AdmitsAgainTheNextDay()
    {
        // Forty seconds before midnight on its own clock, so that the day turns while the key's copy is still cached.
        await using var fresh = app.Fresh();
        var now = fresh.Clock.GetUtcNow();
        fresh.Clock.Advance(now.Date.AddDays(1) - now.UtcDateTime - TimeSpan.FromSeconds(40));
        var key = await fresh.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 2, period = "day" } } });
        var client = fresh.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "quota_exceeded");

        fresh.Clock.Advance(TimeSpan.FromSeconds(41));
        var nextDay = await client.GetAsync("/v1/whoami");
        await nextDay.ShouldHaveStatusAsync(200);
        Assert.Equal("1", Header(nextDay, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Quota100_With300ConcurrentRequests_AdmitsExactly100()
    {
        var key = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 100, period = "day" } } });
        var client = app.ClientFor(key);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async _ => (int)(await client.GetAsync("/v1/whoami")).StatusCode));
        Assert.Equal(100, statuses.Count(s => s == 200));
        Assert.Equal(200, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task QuotaWithOneLeft_And1000ConcurrentRequests_AdmitsExactlyOne()
    {
        var key = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 10, period = "month" } } });
        var client = app.ClientFor(key);
        for (var i = 0; i < 9; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        var statuses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(async _ => (int)(await client.GetAsync("/v1/whoami")).StatusCode));
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.Equal(999, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task RateLimit_UnderConcurrency_NeverAdmitsMoreThanTheLimit()
    {
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "per-hour", limit = 50, periodSeconds = 3600 } } });
        var client = app.ClientFor(key);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 400).Select(async _ => (int)(await client.GetAsync("/v1/whoami")).StatusCode));
        Assert.Equal(50, statuses.Count(s => s == 200));
    }

    [Fact]
    public async Task ForbiddenRequests_SpendNothing()
    {
        var key = await app.CreateKeyAsync(new { permissions = new[] { "usage:read" }, quotas = new[] { new { metric = "requests", limit = 3, period = "day" } } });
        var client = app.ClientFor(key);
        for (var i = 0; i < 5; i++)
        {
            await client.GetAsync("/v1/keys").ShouldBeProblemAsync(403, "insufficient_permissions");
        }
        var allowances = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}/allowances").JsonAsync();
        Assert.Equal(3, allowances[0].GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task AnAnonymousEndpointReachedWithAKey_SpendsNothing()
    {
        var key = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 2, period = "day" } } });
        var client = app.ClientFor(key);
        for (var i = 0; i < 3; i++)
        {
            var health = await client.GetAsync("/healthz");
            await health.ShouldHaveStatusAsync(200);
            Assert.False(health.Headers.Contains("RateLimit-Limit"));
        }
        var whoami = await client.GetAsync("/v1/whoami").JsonAsync();
        Assert.Equal(1, whoami.GetProperty("allowances")[0].GetProperty("remaining").GetInt64());
    }

    [Fact]
    public async Task EditingALimit_TakesEffectAtOnce()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "tight", limit = 1, periodSeconds = 3600 } } });
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { rateLimits = new[] { new { name = "loose", limit = 100, periodSeconds = 3600 } } }).ShouldHaveStatusAsync(200);
        var response = await client.GetAsync("/v1/whoami");
        await response.ShouldHaveStatusAsync(200);
        Assert.Equal("99", Header(response, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task Verify_ChargesTheCheckedKeysLimitsByCost()
    {
        var checker = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } }));
        var target = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 5, period = "day" } } });
        var first = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, cost = 4 }).JsonAsync();
        Assert.True(first.GetProperty("valid").GetBoolean());
        var second = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, cost = 2 }).JsonAsync();
        Assert.Equal("quota_exceeded", second.GetProperty("code").GetString());
        var third = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, cost = 1 }).JsonAsync();
        Assert.True(third.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task WhoAmI_ListsEveryAllowance()
    {
        var key = await app.CreateKeyAsync(new
        {
            rateLimits = new[] { new { name = "per-second", limit = 20, periodSeconds = 1 }, new { name = "per-minute", limit = 1000, periodSeconds = 60 } },
            quotas = new[] { new { metric = "requests", limit = 10_000, period = "day" }, new { metric = "messages", limit = 500, period = "month" } },
        });
        var whoami = await app.ClientFor(key).GetAsync("/v1/whoami").JsonAsync();
        var names = whoami.GetProperty("allowances").EnumerateArray().Select(a => $"{a.GetProperty("name").GetString()}={a.GetProperty("remaining").GetInt64()}").ToList();
        Assert.Equal(["per-second=19", "per-minute=999", "requests-per-day=9999", "messages-per-month=500"], names);
    }

    private static string Header(HttpResponseMessage response, string name) => response.Headers.GetValues(name).Single();
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class LimitsTestsOnPostgres(PostgresKeygateApp app) : LimitsTests(app), IClassFixture<PostgresKeygateApp>;
