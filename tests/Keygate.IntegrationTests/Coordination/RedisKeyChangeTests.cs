using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Keygate.IntegrationTests.Observability;
using StackExchange.Redis;
using static Keygate.IntegrationTests.Observability.Scrapes;

namespace Keygate.IntegrationTests;

/// <summary>
/// Nodes on one Redis and one store (hosts over one data directory): a key revoked on one node is refused by the others
/// within a second, through pub/sub, and through the version check alone when pub/sub messages are lost (a node that
/// never subscribes, and Redis dropping what is published while it cuts a node's subscription off). Each node has the key
/// cached first (its cache would otherwise keep it a minute), and is asked until it refuses, with a deadline.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisKeyChangeTests(RedisServer redis, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task AKeyRevokedOnOneNode_IsRefusedByTheOtherTwo_WithinASecond()
    {
        // The listeners check the log only once a second (the longest interval there is): without pub/sub, a revocation
        // would wait half of that on average, so the median below tells the announcement worked, not the check.
        (string, string) slowCheck = ("Coordination:Redis:VersionCheckMilliseconds", "1000");
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory, slowCheck);
        await using var c = KeygateApp.WithRedis(redis, a.DataDirectory, slowCheck);

        var delays = await RevokeAndMeasureAsync(a, [b, c], revocations: 40);

        output.WriteLine(Summary("pub/sub", delays));
        Assert.All(delays, delay => Assert.True(delay < Bound, Summary("pub/sub", delays)));
        Assert.True(Median(delays) < TimeSpan.FromMilliseconds(250), Summary("pub/sub", delays));
    }

    [Fact]
    public async Task NoPubSubAtAll_TheVersionCheckStillRefusesTheKeyWithinASecond()
    {
        await using var a = KeygateApp.WithRedis(redis);
        // This node hears no announcement at all: every message is lost to it, and only its version check is left.
        await using var deaf = KeygateApp.WithRedis(redis, a.DataDirectory, ("Coordination:Redis:PubSub", "false"));

        var delays = await RevokeAndMeasureAsync(a, [deaf], revocations: 10);

        output.WriteLine(Summary("version check only", delays));
        Assert.All(delays, delay => Assert.True(delay < Bound, Summary("version check only", delays)));
    }

    [Fact]
    public async Task PubSubMessagesDroppedByRedis_TheVersionCheckStillRefusesTheKeyWithinASecond()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory, ("Coordination:Redis:Configuration", redis.Configuration + ",name=" + CutNode));
        // Redis cuts B's subscription, again and again: what is published while B resubscribes reaches no one, and Redis
        // keeps no copy. Only B's version check can bring those changes.
        using var stop = new CancellationTokenSource();
        var cutting = CutSubscriptionsAsync(CutNode, stop.Token);

        // Revocations go on until B has missed at least three announcements, so the version check is seen to bring them.
        var delays = new List<TimeSpan>();
        try
        {
            while (Sample(await ScrapeAsync(b.Anonymous()), $"{MetricsTests.ChangePropagation}_count", "path=\"version_check\"") < 3)
            {
                Assert.True(delays.Count < 100, $"B heard all but a few of {delays.Count} revocations through pub/sub: the cuts dropped too little to tell");
                delays.AddRange(await RevokeAndMeasureAsync(a, [b], revocations: 5));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await cutting;
        }

        output.WriteLine(Summary("pub/sub cut", delays));
        Assert.All(delays, delay => Assert.True(delay < Bound, Summary("pub/sub cut", delays)));
    }

    [Fact]
    public async Task EverySubscriptionCutFromTheStart_EveryRevocationStillReachesTheOtherNodeWithinASecond()
    {
        // Both nodes start while Redis keeps closing every pub/sub connection: their subscriptions fail again and again.
        // A node once started its log reading over from the newest entry on each failed try, skipping the changes made
        // meanwhile (a revoked key admitted until its cached copy expired, a minute later): it must read on regardless.
        using var stop = new CancellationTokenSource();
        var cutting = CutSubscriptionsAsync(name: null, stop.Token);
        List<TimeSpan> delays;
        try
        {
            await using var a = KeygateApp.WithRedis(redis);
            await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
            delays = await RevokeAndMeasureAsync(a, [b], revocations: 15);
        }
        finally
        {
            await stop.CancelAsync();
            await cutting;
        }

        output.WriteLine(Summary("every subscription cut", delays));
        Assert.All(delays, delay => Assert.True(delay < Bound, Summary("every subscription cut", delays)));
    }

    /// <summary>The client name of the node whose subscription is cut.</summary>
    private const string CutNode = "keygate-cut";

    /// <summary>
    /// Until cancelled, has Redis close the pub/sub connection of the node named <paramref name="name"/> (of every node
    /// when null) whenever it is back, every few milliseconds.
    /// </summary>
    private async Task CutSubscriptionsAsync(string? name, CancellationToken stop)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
        var database = admin.GetDatabase();
        while (!stop.IsCancellationRequested)
        {
            if (name is null)
            {
                await database.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
            }
            else
            {
                var clients = (string?)await database.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub") ?? "";
                foreach (Match client in Regex.Matches(clients, $@"(?m)^id=(\d+) .* name={name} "))
                {
                    await database.ExecuteAsync("CLIENT", "KILL", "ID", client.Groups[1].Value);
                }
            }
            await Task.Delay(1, CancellationToken.None);
        }
    }

    /// <summary>Per revocation on <paramref name="origin"/>, the time until every other node refuses the key.</summary>
    private static async Task<List<TimeSpan>> RevokeAndMeasureAsync(KeygateApp origin, KeygateApp[] others, int revocations)
    {
        var owner = await origin.OwnerAsync();
        var delays = new List<TimeSpan>();
        for (var i = 0; i < revocations; i++)
        {
            var key = await origin.CreateKeyAsync();
            var clients = others.Select(node => node.ClientFor(key)).ToArray();
            foreach (var client in clients)
            {
                await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
            var watch = Stopwatch.StartNew();
            await owner.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
            foreach (var client in clients)
            {
                await UntilRefusedAsync(client, watch);
            }
            delays.Add(watch.Elapsed);
        }
        return delays;
    }

    private static async Task UntilRefusedAsync(HttpClient client, Stopwatch since)
    {
        while (true)
        {
            var response = await client.GetAsync("/v1/whoami");
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                await response.ShouldBeProblemAsync(401, "key_revoked");
                return;
            }
            await response.ShouldHaveStatusAsync(200);
            Assert.True(since.Elapsed < 2 * Bound, $"still admitted {since.Elapsed.TotalMilliseconds:F0} ms after the revocation");
        }
    }

    private static TimeSpan Median(List<TimeSpan> delays) => delays.Order().ElementAt(delays.Count / 2);

    private static string Summary(string how, List<TimeSpan> delays)
    {
        var sorted = delays.Select(delay => delay.TotalMilliseconds).Order().ToArray();
        double At(double share) => sorted[(int)Math.Ceiling(share * sorted.Length) - 1];
        return string.Create(CultureInfo.InvariantCulture,
            $"revocation propagation ({how}, n={sorted.Length}): p50 {At(0.5):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms");
    }
}
