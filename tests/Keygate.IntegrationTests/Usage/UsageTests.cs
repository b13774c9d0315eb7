using Keygate.Usage;

namespace Keygate.IntegrationTests;

public class UsageTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    [Fact]
    public async Task UsageTotals_EqualTheRequestsSent_PerOutcome_AfterAGracefulStop()
    {
        CreatedKey key;
        var app = KeygateApp.On(Store);
        await using (app)
        {
            key = await app.CreateKeyAsync(new
            {
                permissions = new[] { "usage:read" },
                rateLimits = new[] { new { name = "hourly", limit = 5, periodSeconds = 3600 } },
            });
            var client = app.ClientFor(key);
            for (var i = 0; i < 5; i++)
            {
                await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
            for (var i = 0; i < 3; i++)
            {
                await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
            }
            for (var i = 0; i < 2; i++)
            {
                await client.GetAsync("/v1/keys").ShouldBeProblemAsync(403, "insufficient_permissions");
            }
            var other = await app.CreateKeyAsync();
            for (var i = 0; i < 4; i++)
            {
                await app.ClientFor(key.Id, other.Secret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
            }
        }

        await using var restarted = app.Again();
        var owner = await restarted.OwnerAsync();
        var report = await owner.GetAsync($"/v1/keys/{key.Id}/usage?granularity=minute").JsonAsync();
        var totals = report.GetProperty("totals");
        Assert.Equal(5, totals.GetProperty("ok").GetInt64());
        Assert.Equal(3, totals.GetProperty("rate_limited").GetInt64());
        Assert.Equal(2, totals.GetProperty("forbidden").GetInt64());
        Assert.Equal(4, totals.GetProperty("unauthenticated").GetInt64());
        Assert.Equal(4, totals.EnumerateObject().Count());
        Assert.Contains(report.GetProperty("series").EnumerateArray(), p => p.GetProperty("group").GetString() == "keys");

        var stored = await owner.GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.NotEqual(JsonValueKind.Null, stored.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal("127.0.0.1", stored.GetProperty("lastUsedIp").GetString());
    }

    [Fact]
    public async Task AccountUsage_GroupsByLabel_ListsTopKeys_AndExportsCsv()
    {
        await using var app = KeygateApp.On(Store);
        var billing = await app.CreateKeyAsync(new { labels = new { team = "billing" } });
        var support = await app.CreateKeyAsync(new { labels = new { team = "support" } });
        for (var i = 0; i < 3; i++)
        {
            await app.ClientFor(billing).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        await app.ClientFor(support).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await app.FlushUsageAsync();

        var owner = await app.OwnerAsync();
        var report = await owner.GetAsync("/v1/usage?groupBy=label:team&granularity=day").JsonAsync();
        var byTeam = report.GetProperty("series").EnumerateArray()
            .GroupBy(p => p.GetProperty("by").GetString()).ToDictionary(g => g.Key!, g => g.Sum(p => p.GetProperty("count").GetInt64()));
        Assert.Equal(3, byTeam["billing"]);
        Assert.Equal(1, byTeam["support"]);
        Assert.Equal(billing.Id, report.GetProperty("topKeys")[0].GetProperty("keyId").GetString());

        var csv = await owner.GetAsync("/v1/usage?groupBy=environment&format=csv");
        await csv.ShouldHaveStatusAsync(200);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,by,group,outcome,count", lines[0]);
        Assert.Contains(lines, line => line.Contains(",production,keys,ok,4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_OfAnotherAccountsKey_IsNotFound_AndItsUsageIsInvisible()
    {
        await using var app = KeygateApp.On(Store);
        var foreignOwner = await app.NewAccountOwnerAsync();
        var foreign = await app.CreateKeyAsync(by: foreignOwner);
        await app.ClientFor(foreign).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await app.FlushUsageAsync();

        var owner = await app.OwnerAsync();
        await owner.GetAsync($"/v1/keys/{foreign.Id}/usage").ShouldBeProblemAsync(404, "not_found");
        var mine = await owner.GetAsync("/v1/usage?groupBy=key").JsonAsync();
        Assert.DoesNotContain(mine.GetProperty("series").EnumerateArray(), p => p.GetProperty("by").GetString() == foreign.Id);
        var theirs = await foreignOwner.GetAsync("/v1/usage?groupBy=key").JsonAsync();
        Assert.Contains(theirs.GetProperty("series").EnumerateArray(), p => p.GetProperty("by").GetString() == foreign.Id);
    }

    [Fact]
    public async Task OldMinutes_AreRolledUpIntoHours_KeepingEveryCount()
    {
        await using var app = KeygateApp.On(Store);
        var key = await app.CreateKeyAsync();
        var client = app.ClientFor(key);
        var start = app.Clock.GetUtcNow();
        for (var minute = 0; minute < 3; minute++)
        {
            for (var i = 0; i <= minute; i++)
            {
                await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        await app.FlushUsageAsync();
        Assert.True(await UnalignedRowsAsync(app, key.Id) >= 2); // three minutes: at most one starts an hour

        await app.AdvanceThroughAPassAsync<UsageRetention>(TimeSpan.FromDays(15));
        Assert.Equal(0, await UnalignedRowsAsync(app, key.Id));

        var from = Uri.EscapeDataString(start.AddHours(-2).ToString("O"));
        var to = Uri.EscapeDataString(start.AddHours(2).ToString("O"));
        var report = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}/usage?granularity=minute&from={from}&to={to}").JsonAsync();
        Assert.Equal(6, report.GetProperty("totals").GetProperty("ok").GetInt64());
    }

    [Fact]
    public async Task OldHours_AreRolledUpIntoDays_KeepingEveryCount()
    {
        await using var app = KeygateApp.On(Store, ("Usage:Retention:MinuteDays", "1"), ("Usage:Retention:HourDays", "2"));
        var key = await app.CreateKeyAsync();
        var client = app.ClientFor(key);
        var start = app.Clock.GetUtcNow();
        for (var hour = 0; hour < 3; hour++)
        {
            for (var i = 0; i <= hour; i++)
            {
                await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
            app.Clock.Advance(TimeSpan.FromHours(1));
        }
        await app.FlushUsageAsync();
        Assert.True(await app.CountAsync($"""SELECT count(*) FROM "UsageMinutes" WHERE "KeyId" = '{key.Id}'""") >= 3); // three hours, three rows

        // Past both ages: one pass makes minutes into hours, then hours into days.
        await app.AdvanceThroughAPassAsync<UsageRetention>(TimeSpan.FromDays(3));
        Assert.Equal(0, await NotDayAlignedRowsAsync(app, key.Id));

        var from = Uri.EscapeDataString(start.AddDays(-2).ToString("O"));
        var to = Uri.EscapeDataString(start.AddDays(2).ToString("O"));
        var report = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}/usage?granularity=day&from={from}&to={to}").JsonAsync();
        Assert.Equal(6, report.GetProperty("totals").GetProperty("ok").GetInt64());
    }

    private static Task<long> NotDayAlignedRowsAsync(KeygateApp app, string keyId) =>
        app.CountAsync($"""SELECT count(*) FROM "UsageMinutes" WHERE "KeyId" = '{keyId}' AND "Minute" % 1440 <> 0""");

    private static Task<long> UnalignedRowsAsync(KeygateApp app, string keyId) =>
        app.CountAsync($"""SELECT count(*) FROM "UsageMinutes" WHERE "KeyId" = '{keyId}' AND "Minute" % 60 <> 0""");
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class UsageTestsOnPostgres : UsageTests
{
    protected override Store Store => Store.PostgreSql;
}
