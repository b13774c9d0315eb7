namespace Keygate.IntegrationTests.Faults;

/// <summary>
/// Redis killed under concurrent load and started again (docs/OPERATIONS.md, "When Redis is down"): requests that need a
/// limit decision are answered 503 <c>unavailable</c> while it is away (fail closed: nothing is admitted or counted), and
/// admitted again once it is back, without a restart. A Redis that keeps its data (an append-only file) admits exactly a
/// rate limit's N across the crash; one that comes back empty still never lets a quota past its limit, since quotas are
/// reserved in the database. <see cref="RedisOutageTests"/> shows the single request's answers.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisRestartTests(RedisServer redis)
{
    private const int Workers = 8;

    [Fact]
    public async Task KilledMidLoad_WithAnAppendOnlyFile_ARateLimitAdmitsNoMoreThanItsNAcrossTheCrash()
    {
        await using var durable = await RedisServer.StartDurableAsync();
        await using var app = KeygateApp.WithRedis(durable);
        // Large beside the 20 admitted before the kill: the workers go on at full speed until Redis is gone, and a small
        // limit could be spent before then, leaving nothing to admit once it is back.
        const int Limit = 600;
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = Limit, periodSeconds = 3600 } } });

        var admitted = await AcrossAnOutageAsync(app, key, durable, refusal: "rate_limited");

        // A request whose script ran just before the kill, its answer lost with the connection, is spent but answered 503.
        Assert.InRange(admitted, Limit - Workers, Limit);
    }

    [Fact]
    public async Task KilledMidLoad_AndBackEmpty_AQuotaNeverAdmitsPastItsLimit()
    {
        await using var app = KeygateApp.WithRedis(redis);
        const int Limit = 1000; // large for the same reason as the rate limit's
        var key = await app.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = Limit, period = "month" } } });

        var admitted = await AcrossAnOutageAsync(app, key, redis, refusal: "quota_exceeded");

        // Back empty, Redis reloads the quota from the database counting every block reserved as spent: under-spend by at
        // most one block (1 % of the limit) and the requests whose answers the kill lost, never over-spend.
        Assert.InRange(admitted, Limit - (Limit / 100) - Workers, Limit);
    }

    /// <summary>
    /// Load from <see cref="Workers"/> workers; Redis is killed once 20 requests are admitted and started again,
    /// and the load runs on until the limit refuses. Every answer must be 200, a clean 503 or the limit's refusal.
    /// </summary>
    private static async Task<int> AcrossAnOutageAsync(KeygateApp app, CreatedKey key, RedisServer server, string refusal)
    {
        var client = app.ClientFor(key);
        var load = Load.Start(Enumerable.Range(0, Workers).Select(_ => (client, "/v1/whoami")));
        await load.UntilAsync(a => a.Status == 200, count: 20);
        await server.StopAsync();
        try
        {
            load.Phase = "down";
            await load.UntilAsync(a => a.Phase == "down" && a.IsCleanUnavailable, count: 5);
        }
        finally
        {
            await server.StartAsync(); // the collection's server must be back for the next test, whatever happened
        }
        load.Phase = "back";
        // The client reconnects on its own within about half a second; the limit then refuses once it is spent.
        await load.UntilAsync(a => a.Phase == "back" && a.Status == 429, count: 20);
        await load.StopAsync();

        var answers = load.Answers;
        Assert.All(answers, a => Assert.True(a.Status == 200 || a.IsCleanUnavailable || (a.Status == 429 && a.Code == refusal), a.ToString()));
        Assert.True(answers.Any(a => a.Phase == "back" && a.Status == 200), load.Summary()); // admitted again without a restart
        return answers.Count(a => a.Status == 200);
    }

}
