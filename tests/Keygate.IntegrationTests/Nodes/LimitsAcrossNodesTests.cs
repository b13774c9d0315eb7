using System.Net;

namespace Keygate.IntegrationTests.Nodes;

/// <summary>
/// Limits and usage over three nodes on one PostgreSQL and one Redis, under concurrent load spread over the nodes: a rate
/// limit and a quota admit exactly their limit in all (each node counting on its own would admit up to three times as
/// much), and the usage the nodes write equals the requests they answered.
/// </summary>
public sealed class LimitsAcrossNodesTests(ThreeNodes nodes) : IClassFixture<ThreeNodes>
{
    [Fact]
    public async Task ARateLimitOf50_AdmitsExactly50_Of300ConcurrentRequestsOverThreeNodes()
    {
        var key = await nodes.A.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 50, periodSeconds = 3600 } } });

        var statuses = await nodes.SpreadAsync(key, requests: 300);

        Assert.Equal(50, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(250, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task AQuotaOf100_AdmitsExactly100_Of300ConcurrentRequestsOverThreeNodes()
    {
        var key = await nodes.A.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 100, period = "day" } } });

        var statuses = await nodes.SpreadAsync(key, requests: 300);

        Assert.Equal(100, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(200, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        // Every node held blocks of the quota; none was granted past the limit.
        Assert.Equal(100L, await nodes.A.ScalarAsync($"""SELECT "Reserved" FROM "QuotaReservations" WHERE "Scope" = '{key.Id}'"""));
    }

    [Fact]
    public async Task UsageTotals_EqualTheRequestsSentOverThreeNodes_PerKeyAndOutcome()
    {
        // Several keys, so each node's batch holds many rows that the other nodes' batches hold too.
        var keys = new List<CreatedKey>();
        for (var i = 0; i < 5; i++)
        {
            keys.Add(await nodes.A.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 8, periodSeconds = 3600 } } }));
        }
        var statuses = await Task.WhenAll(keys.Select(key => nodes.SpreadAsync(key, requests: 30)));
        var wrongSecret = (await nodes.A.CreateKeyAsync()).Secret;
        foreach (var (key, node) in keys.SelectMany(key => nodes.All.Select(node => (key, node))))
        {
            await node.ClientFor(key.Id, wrongSecret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        }

        // Each node writes its own counts for the same keys and minute, all at once: they add up, none replaces another, and
        // none is left for a later flush (a write that fails, say on a deadlock between the nodes, keeps its counts to retry).
        // A request is observed once its answer is written, which its client may read first: flush until every answer of
        // every key is counted (33 each), a bounded number of times.
        var owner = await nodes.B.OwnerAsync();
        var totals = new JsonElement[keys.Count];
        for (var attempt = 0; attempt < 20 && (attempt == 0 || totals.Any(t => t.EnumerateObject().Sum(o => o.Value.GetInt64()) < 33)); attempt++)
        {
            await Task.WhenAll(nodes.All.Select(node => node.FlushUsageAsync()));
            for (var i = 0; i < keys.Count; i++)
            {
                totals[i] = (await owner.GetAsync($"/v1/keys/{keys[i].Id}/usage?granularity=minute").JsonAsync()).GetProperty("totals");
            }
        }
        Assert.All(nodes.All, node => Assert.DoesNotContain(node.Logs.Lines, line => line.Contains("usage counts failed", StringComparison.Ordinal)));

        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(statuses[i].Count(status => status == HttpStatusCode.OK), totals[i].GetProperty("ok").GetInt64());
            Assert.Equal(8, totals[i].GetProperty("ok").GetInt64());
            Assert.Equal(22, totals[i].GetProperty("rate_limited").GetInt64());
            Assert.Equal(3, totals[i].GetProperty("unauthenticated").GetInt64());
            Assert.Equal(3, totals[i].EnumerateObject().Count());
        }
    }
}
