using Keygate.IntegrationTests.Observability;

namespace Keygate.IntegrationTests.Faults;

/// <summary>
/// Usage while the store cannot be written (docs/OPERATIONS.md, "When PostgreSQL is down"): the writer holds what it
/// drained and retries, waiting twice as long after each failure; it holds at most <c>Usage:MaxPendingCounts</c> counts,
/// and beyond them drops the newest, counting the requests in <c>keygate_usage_dropped_total</c> and saying so in the log.
/// </summary>
public sealed class UsageOutageTests
{
    [Fact]
    public async Task StoreDown_UsageIsHeldUpToItsCap_TheNewestBeyondItAreDroppedAndCounted_AndTheRestWrittenOnceItIsBack()
    {
        await using var postgres = PostgresServer.StartPrivate();
        await using var app = FaultHosts.On(postgres, redis: null, ("Usage:MaxPendingCounts", "2"));
        var key = await app.CreateKeyAsync();
        var other = await app.CreateKeyAsync();
        var client = app.ClientFor(key);
        var otherClient = app.ClientFor(other);
        // Both keys are cached, and what they used so far is written, before the store goes.
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await otherClient.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await app.FlushUsageAsync();

        await postgres.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        for (var i = 0; i < 2; i++)
        {
            await client.GetAsync("/v1/keys").ShouldBeProblemAsync(403, "insufficient_permissions"); // no permission: decided without the store
        }
        await app.FlushUsageAsync(); // two counts (whoami ok, keys forbidden): held, at the cap
        await app.Logs.WaitForLineAsync(line => line.Contains("Writing 2 usage counts failed; they are held and retried in 10 s", StringComparison.Ordinal));

        for (var i = 0; i < 2; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200); // adds to a count already held
        }
        for (var i = 0; i < 4; i++)
        {
            await otherClient.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200); // a new count, beyond the cap
        }
        await app.FlushUsageAsync();
        await app.Logs.WaitForLineAsync(line => line.Contains("Usage of 4 requests (1 new counts) dropped", StringComparison.Ordinal));
        await app.Logs.WaitForLineAsync(line => line.Contains("Writing 2 usage counts failed; they are held and retried in 20 s", StringComparison.Ordinal));
        var metrics = await Scrapes.ScrapeAsync(app.Anonymous());
        Assert.Matches(Scrapes.Series("keygate_usage_dropped_total", "4"), metrics);
        Assert.Matches(Scrapes.Series("keygate_usage_pending", "2"), metrics); // the two held: what an alert on the queue's depth sees

        await postgres.StartAsync();
        var totals = await app.UsageTotalsAsync(key);
        Assert.Equal(1 + 3 + 2, totals.GetProperty("ok").GetInt64());
        Assert.Equal(2, totals.GetProperty("forbidden").GetInt64());
        Assert.Equal(1, (await app.UsageTotalsAsync(other)).GetProperty("ok").GetInt64()); // the four dropped are not there
    }
}
