using System.Net.Http.Headers;

namespace Keygate.IntegrationTests.Faults;

/// <summary>
/// A node killed with SIGKILL under load, beside another on the same PostgreSQL and Redis (docs/OPERATIONS.md, "When a
/// node is lost"): the other node serves on; the quota, spent through Redis from blocks reserved in the database and
/// shared by both nodes, is never over-admitted and loses only the requests the dead node was answering; and of usage,
/// only what the dead node had counted and not yet written is lost.
/// </summary>
public sealed class NodeLossTests
{
    private const int Quota = 300;
    private const int WorkersPerNode = 4;

    [Fact]
    public async Task ANodeKilledMidLoad_TheOtherServesOn_TheQuotaIsNeverOverAdmitted_AndOnlyTheDeadNodesUnwrittenUsageIsLost()
    {
        await using var survivor = KeygateApp.OnPostgres();
        var key = await survivor.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = Quota, period = "month" } } });
        await using var doomed = await KeygateProcess.StartAsync(survivor.DataDirectory,
            ("Storage:Provider", "postgresql"),
            ("Storage:ConnectionString", survivor.ConnectionString),
            ("Coordination:Provider", "redis"),
            ("Coordination:Redis:Configuration", RedisServer.Shared.Configuration),
            ("Coordination:Redis:KeyPrefix", Path.GetFileName(survivor.DataDirectory) + ":"), // the survivor's keyspace
            ("Usage:FlushSeconds", "3600")); // it writes no usage before it dies: all it counted is what a crash can lose
        using var doomedClient = new HttpClient { BaseAddress = doomed.Address };
        doomedClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{key.Id}.{key.Secret}");
        var survivorClient = survivor.ClientFor(key);
        var load = Load.Start(Enumerable.Range(0, 2 * WorkersPerNode).Select(i => (i % 2 == 0 ? doomedClient : survivorClient, "/v1/whoami")));

        await load.UntilAsync(a => a.Node == doomed.Address && a.Status == 200, count: 60);
        await doomed.KillAsync();
        load.Phase = "after";
        await load.UntilAsync(a => a.Phase == "after" && a.Node != doomed.Address && a.Status == 429, count: 20);
        await load.StopAsync();

        var answers = load.Answers;
        var fromDoomed = answers.Where(a => a.Node == doomed.Address).ToList();
        var fromSurvivor = answers.Except(fromDoomed).ToList();
        // The dead node answers what it can until it dies, then nothing (status 0); the survivor never fails.
        Assert.All(answers, a => Assert.True(a.Status is 200 or 0 || (a.Status == 429 && a.Code == "quota_exceeded"), a.ToString()));
        Assert.DoesNotContain(fromSurvivor, a => a.Status == 0);
        Assert.Contains(fromSurvivor, a => a.Phase == "after" && a.Status == 200);
        var admitted = answers.Count(a => a.Status == 200);
        // What the dead node was answering when it died is spent in Redis but never reached its client.
        Assert.InRange(admitted, Quota - WorkersPerNode, Quota);

        var totals = await survivor.UsageTotalsAsync(key);
        Assert.Equal(fromSurvivor.Count(a => a.Status == 200), totals.GetProperty("ok").GetInt64());
    }
}
