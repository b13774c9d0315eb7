using System.Net;
using StackExchange.Redis;

namespace Keygate.IntegrationTests;

/// <summary>
/// Limits counted in Redis are exact across nodes: concurrent requests spread over two hosts on one Redis and one store
/// are admitted exactly up to the limit, and a signing nonce used on one node is refused on the other.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisLimitsTests(RedisServer redis)
{
    [Fact]
    public async Task ARateLimitOf50_AdmitsExactly50_Of200ConcurrentRequestsOverTwoNodes()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        var key = await a.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 50, periodSeconds = 3600 } } });

        var statuses = await SpreadAsync([a.ClientFor(key), b.ClientFor(key)], requests: 200);

        Assert.Equal(50, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(150, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task AQuotaOf100_AdmitsExactly100_Of300ConcurrentRequestsOverThreeNodes()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        await using var c = KeygateApp.WithRedis(redis, a.DataDirectory);
        var key = await a.CreateKeyAsync(new { quotas = new[] { new { metric = "requests", limit = 100, period = "day" } } });

        var statuses = await SpreadAsync([a.ClientFor(key), b.ClientFor(key), c.ClientFor(key)], requests: 300);

        Assert.Equal(100, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(200, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task KeysWhoseTakesShareOneRedisCall_EachGetTheirOwnDecision()
    {
        // A node sends the takes in flight together: concurrent requests of a key with room and of a key without, on one node,
        // go in shared calls, and each request must still get its own key's answer, headers included.
        await using var app = KeygateApp.WithRedis(redis);
        var open = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 1000, periodSeconds = 3600 } } });
        var spent = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 1, periodSeconds = 3600 } } });
        await app.ClientFor(spent).GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        HttpClient[] clients = [app.ClientFor(open), app.ClientFor(spent)];

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await clients[i % 2].GetAsync("/v1/ping", TestContext.Current.CancellationToken);
            return (Open: i % 2 == 0, response.StatusCode, Limit: response.Headers.GetValues("RateLimit-Limit").Single());
        }));

        Assert.All(answers.Where(a => a.Open), a => Assert.Equal((HttpStatusCode.OK, "1000"), (a.StatusCode, a.Limit)));
        Assert.All(answers.Where(a => !a.Open), a => Assert.Equal((HttpStatusCode.TooManyRequests, "1"), (a.StatusCode, a.Limit)));
    }

    [Fact]
    public async Task AWindowStoredWithoutItsRunningSum_IsRecountedFromItsBuckets()
    {
        // A window written before the hash kept its running 'sum' and 'oldest' (an upgrade with Redis kept) holds buckets only:
        // the next take must count them, not start from nothing.
        await using var app = KeygateApp.WithRedis(redis);
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 5, periodSeconds = 3600 } } });
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true"))
        {
            var server = connection.GetServer(connection.GetEndPoints().Single());
            var window = Assert.Single(server.Keys(pattern: $"*window:key:{key.Id}:*").ToList());
            var database = connection.GetDatabase();
            var bucket = Assert.Single(await database.HashKeysAsync(window), field => field != "sum" && field != "oldest");
            await database.HashDeleteAsync(window, ["sum", "oldest"]);
            await database.HashSetAsync(window, bucket, 4);
        }

        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
    }

    [Fact]
    public async Task ANonceUsedOnOneNode_IsRefusedOnAnother()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        var key = await a.CreateKeyAsync(new { signing = "allowed" });
        var now = a.Clock.GetUtcNow().ToUnixTimeSeconds();
        var nonce = "nonce-" + Guid.NewGuid().ToString("N");

        await a.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, now, nonce)).ShouldHaveStatusAsync(200);

        var replay = await b.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, now, nonce))
            .ShouldBeProblemAsync(401, "invalid_credentials");
        Assert.Contains("nonce", replay.GetProperty("detail").GetString());
    }

    /// <summary>Sends all requests at once, in turn to each node's client; the status of each.</summary>
    private static async Task<HttpStatusCode[]> SpreadAsync(HttpClient[] nodes, int requests)
    {
        var sends = Enumerable.Range(0, requests).Select(async i =>
        {
            using var response = await nodes[i % nodes.Length].GetAsync("/v1/whoami");
            return response.StatusCode;
        });
        return await Task.WhenAll(sends);
    }
}
