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
        await using var doomed = await KeygateProcess.StartAsync(survivor.DataDirectory, [
            ("Storage:Provider", "postgresql"),
            ("Storage:ConnectionString", survivor.ConnectionString),
            .. KeygateApp.RedisSettings(RedisServer.Shared, survivor.DataDirectory), // the survivor's keyspace
            ("Usage:FlushSeconds", "3600")]); // it writes no usage before it dies: all it counted is what a crash can lose
        using var doomedClient = new HttpClient { BaseAddress = doomed.Address };
        doomedClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{key.Id}.{key.Secret}");
        var survivorClient = survivor.ClientFor(key);
        // The survivor joins once the doomed node has spent a fifth of the quota, and the kill comes once both are
        // answering, so most of the quota is still there for the survivor to serve after it (the in-process survivor
        // is much faster than the separate process: started together, it could spend the quota before the kill).
        var doomedLoad = Load.Start(Enumerable.Repeat((doomedClient, "/v1/whoami"), WorkersPerNode));
        await doomedLoad.UntilAsync(a => a.Status == 200, count: Quota / 5);
        var survivorLoad = Load.Start(Enumerable.Repeat((survivorClient, "/v1/whoami"), WorkersPerNode));
        await survivorLoad.UntilAsync(a => a.Status == 200, count: 10);
        await doomed.KillAsync();
        survivorLoad.Phase = "after";
        await survivorLoad.UntilAsync(a => a.Phase == "after" && a.Status == 429, count: 20);
        await Task.WhenAll(doomedLoad.StopAsync(), survivorLoad.StopAsync());

        var answers = doomedLoad.Answers.Concat(survivorLoad.Answers).ToList();
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
