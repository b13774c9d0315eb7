namespace Keygate.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL restarted under Keygate (docs/OPERATIONS.md, "When PostgreSQL is down"): while it is away a request that
/// needs the store is answered 503 <c>unavailable</c> with <c>Retry-After</c>, never 500; usage counted meanwhile is held and written once the store is back; and Keygate
/// recovers without a restart. Each test has a PostgreSQL cluster and a Redis of its own.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class PostgresRestartTests(RedisServer redis)
{
    [Fact]
    public async Task RestartedMidLoad_EveryAnswerIs200OrA503_KeygateRecoversWithoutARestart_AndUsageCountsEvery200()
    {
        await using var postgres = PostgresServer.StartPrivate();
        await using var app = FaultHosts.On(postgres, redis);
        var key = await app.CreateKeyAsync(new
        {
            permissions = new[] { "keys:read" },
            rateLimits = new[] { new { name = "hourly", limit = 1_000_000, periodSeconds = 3600 } },
        });
        var client = app.ClientFor(key);
        var stored = $"/v1/keys/{key.Id}"; // read from the store on every request
        const string Cached = "/v1/whoami"; // the key from its cache, the limit from Redis
        var load = Load.Start(Enumerable.Range(0, 6).Select(i => (client, i % 2 == 0 ? stored : Cached)));

        await load.UntilAsync(a => a.Status == 200 && a.Path == stored, count: 20);
        await postgres.StopAsync();
        load.Phase = "down";
        await load.UntilAsync(a => a.Phase == "down" && a.Path == stored && a.Status == 503, count: 5);
        await app.FlushUsageAsync(); // fails while the store is down: what it drained is held, not lost

        await postgres.StartAsync();
        load.Phase = "back";
        // Npgsql reconnects on its own: the store answers again without a restart (the wait is bounded by the load's minute).
        await load.UntilAsync(a => a.Phase == "back" && a.Path == stored && a.Status == 200, count: 20);
        await load.StopAsync();

        var answers = load.Answers;
        Assert.All(answers, a => Assert.True(a.Status == 200 || a.IsCleanUnavailable, a.ToString()));
        Assert.Contains(app.Logs.Lines, line => line.Contains("usage counts failed; they are held", StringComparison.Ordinal));
        var totals = await app.UsageTotalsAsync(key);
        Assert.Equal(answers.Count(a => a.Status == 200), totals.GetProperty("ok").GetInt64());
    }

    [Fact]
    public async Task RestartedWhileIdle_TheFirstRequestToMeetADeadConnectionClearsThePool_SoOnlyItFails()
    {
        await using var postgres = PostgresServer.StartPrivate();
        await using var app = FaultHosts.On(postgres, redis);
        var key = await app.CreateKeyAsync(new { permissions = new[] { "keys:read" } });
        var client = app.ClientFor(key);
        var stored = $"/v1/keys/{key.Id}";
        // Several requests at once leave several connections in the pool, each dead once PostgreSQL restarts.
        var load = Load.Start(Enumerable.Range(0, 8).Select(_ => (client, stored)));
        await load.UntilAsync(a => a.Status == 200, count: 80);
        await load.StopAsync();

        await postgres.StopAsync();
        await postgres.StartAsync();

        var failures = new List<string>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await client.GetAsync(stored);
            if (response.IsSuccessStatusCode)
            {
                break;
            }
            await response.ShouldBeProblemAsync(503, "unavailable");
            failures.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.True(failures.Count <= 1, $"{failures.Count} requests failed after PostgreSQL was back:\n{string.Join('\n', failures)}");
        await client.GetAsync(stored).ShouldHaveStatusAsync(200);
    }
}
