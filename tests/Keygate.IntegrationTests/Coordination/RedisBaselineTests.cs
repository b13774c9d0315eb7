using System.Globalization;
using System.Net;
using Keygate.Coordination;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests;

/// <summary>
/// Misuse baselines shared through Redis: the detectors judge a key by what every node saw of it. In each test the nodes
/// alone would stay quiet (each sees only its share of an hour, or one never saw the key's past), so each fails when the
/// nodes do not share. The nodes' clocks are set alike, at the middle of an hour, so that both count the same hours.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisBaselineTests(RedisServer redis)
{
    [Fact]
    public async Task AnHourSpreadOverTwoNodes_IsJudgedAsTheKeysWholeHour_AgainstTheWholeBaseline()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        SetClocksAlike(a, b);
        var key = await a.CreateKeyAsync();
        HttpClient[] nodes = [a.ClientFor(key), b.ClientFor(key)];

        // Six hours of 5 requests each, 3 on A and 2 on B: a baseline of 5 an hour, which neither node saw alone.
        await SixHoursAsync(a, b, async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await nodes[i % 2].GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
        });

        // Then 100 in one hour, half on each node: not yet above the floor of 100, wherever it is counted.
        for (var i = 0; i < 100; i++)
        {
            await nodes[i % 2].GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        await ShareAsync(b, a);
        Assert.Equal(0, (await AlertsAsync(a, key, "volume_spike")).GetArrayLength());

        // The 101st, on A, which alone would have counted 51.
        await nodes[0].GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var alert = Assert.Single((await AlertsAsync(a, key, "volume_spike")).EnumerateArray());
        Assert.Equal(101, alert.GetProperty("evidence").GetProperty("requestsThisHour").GetInt64());
        Assert.Equal(5, alert.GetProperty("evidence").GetProperty("baselinePerHour").GetDouble());
    }

    [Fact]
    public async Task RecipientsSpreadOverTwoNodes_CountTogether_AgainstTheWholeBaseline()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        SetClocksAlike(a, b);
        var key = await a.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        HttpClient[] nodes = [a.ClientFor(key), b.ClientFor(key)];
        var sandbox = await Sandbox.OfAsync(await a.OwnerAsync());
        var next = 15552000000L;
        async Task SendToNewRecipientAsync(int node) =>
            await nodes[node].PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld((next++).ToString(CultureInfo.InvariantCulture))).ShouldHaveStatusAsync(200);

        // Six hours of two new recipients each, one per node.
        await SixHoursAsync(a, b, async () =>
        {
            await SendToNewRecipientAsync(0);
            await SendToNewRecipientAsync(1);
        });

        // Then 50 in one hour, 25 on each node: at the floor of 50, not above it.
        for (var i = 0; i < 50; i++)
        {
            await SendToNewRecipientAsync(i % 2);
        }
        await ShareAsync(b, a);
        Assert.Equal(0, (await AlertsAsync(a, key, "recipient_fan_out")).GetArrayLength());

        await SendToNewRecipientAsync(0);
        var alert = Assert.Single((await AlertsAsync(a, key, "recipient_fan_out")).EnumerateArray());
        Assert.Equal(51, alert.GetProperty("evidence").GetProperty("recipientsThisHour").GetInt64());
        Assert.Equal(2, alert.GetProperty("evidence").GetProperty("baselinePerHour").GetDouble());
    }

    [Fact]
    public async Task ANodeMeetingAKeyForTheFirstTime_KnowsItsNetworksAndReportsANewOne()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        SetClocksAlike(a, b);
        var key = await a.CreateKeyAsync();
        await a.ClientFrom(IPAddress.Parse("127.0.0.7"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await ShareAsync(a);
        AdvanceBoth(a, b, TimeSpan.FromHours(25));

        // B's first sight of the key, from its known network; alone, B would start learning the key's networks now.
        await b.ClientFrom(IPAddress.Parse("127.0.0.8"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await ShareAsync(b);
        await b.ClientFrom(IPAddress.Parse("127.0.1.9"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var alert = Assert.Single((await AlertsAsync(b, key, "new_network")).EnumerateArray());
        Assert.Equal("127.0.1.0/24", alert.GetProperty("evidence").GetProperty("network").GetString());

        // A, meeting the key again, learns at its next pass the network B reported: seen on A after that, it is not new
        // (alone, A would report it again, a second occurrence of the alert). A node judges by the others' counts as of its
        // last pass with the key: one that meets a key after a long pause judges its first requests by what it knew.
        await a.ClientFrom(IPAddress.Parse("127.0.0.7"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await ShareAsync(b, a);
        await a.ClientFrom(IPAddress.Parse("127.0.1.20"), key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        alert = Assert.Single((await AlertsAsync(a, key, "new_network")).EnumerateArray());
        Assert.Equal(1, alert.GetProperty("occurrences").GetInt32());
    }

    [Fact]
    public async Task CountsMadeWhileRedisIsAway_AreToldOnceItIsBack()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        SetClocksAlike(a, b);
        var key = await a.CreateKeyAsync();
        await SixHoursAsync(a, b, async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
        });

        // A key without limits is served while Redis is away; A counts its 100 requests alone, and fails to tell them twice.
        await redis.StopAsync();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                await a.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            }
            await ShareAsync(a);
            await ShareAsync(a);
        }
        finally
        {
            await redis.StartAsync();
        }
        Assert.Single(a.Logs.Lines, line => line.Contains("could not be shared through Redis", StringComparison.Ordinal));

        // A tells them once it reconnects (about half a second); B, reading them back, sees the hour's spike.
        await ShareOnceRedisIsBackAsync(a);
        await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await ShareOnceRedisIsBackAsync(b);
        await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await b.StoreAlertsAsync();
        var alert = Assert.Single((await AlertsAsync(a, key, "volume_spike")).EnumerateArray());
        Assert.Equal(102, alert.GetProperty("evidence").GetProperty("requestsThisHour").GetInt64());
    }

    /// <summary>Passes of the node's sync until one has told Redis everything (each failure it logged followed by its recovery).</summary>
    private static async Task ShareOnceRedisIsBackAsync(KeygateApp node)
    {
        int Count(string text) => node.Logs.Lines.Count(line => line.Contains(text, StringComparison.Ordinal));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        do
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "baselines still not shared fifteen seconds after Redis came back");
            await ShareAsync(node);
        }
        while (Count("could not be shared through Redis") > Count("shared through Redis again"));
    }

    /// <summary>Both clocks at the same time, half past the next hour, so that the few seconds a test moves never cross an hour.</summary>
    private static void SetClocksAlike(KeygateApp a, KeygateApp b)
    {
        var later = b.Clock.GetUtcNow() > a.Clock.GetUtcNow() ? b.Clock.GetUtcNow() : a.Clock.GetUtcNow();
        var halfPast = new DateTimeOffset(later.Year, later.Month, later.Day, later.Hour, 30, 0, TimeSpan.Zero).AddHours(1);
        a.Clock.SetUtcNow(halfPast);
        b.Clock.SetUtcNow(halfPast);
    }

    /// <summary>Six hours of the same traffic, each told and read back by both nodes before the next.</summary>
    private static async Task SixHoursAsync(KeygateApp a, KeygateApp b, Func<Task> anHourOfTraffic)
    {
        for (var hour = 0; hour < 6; hour++)
        {
            await anHourOfTraffic();
            await ShareAsync(a, b);
            AdvanceBoth(a, b, TimeSpan.FromHours(1));
        }
    }

    private static void AdvanceBoth(KeygateApp a, KeygateApp b, TimeSpan by)
    {
        a.Clock.Advance(by);
        b.Clock.Advance(by);
    }

    /// <summary>Each node, in turn, tells Redis what it counted and reads back the cluster's counts (a pass of its sync, a second on its clock).</summary>
    private static async Task ShareAsync(params KeygateApp[] nodes)
    {
        foreach (var node in nodes)
        {
            var pass = node.Services.GetRequiredService<RedisBaselineSync>().NextPassAsync();
            node.Clock.Advance(TimeSpan.FromSeconds(1));
            await pass.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
    }

    private static async Task<JsonElement> AlertsAsync(KeygateApp node, CreatedKey key, string kind) =>
        await node.StoredAlertsAsync(await node.OwnerAsync(), key.Id, kind);
}
