namespace Keygate.IntegrationTests;

/// <summary>
/// Redis lost: a request that needs a limit decision is refused with 503 <c>unavailable</c> (fail closed), and once
/// Redis is back the same node admits it again without a restart.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisOutageTests(RedisServer redis)
{
    [Fact]
    public async Task RedisStopped_LimitedRequestsAre503_AndAdmittedAgainOnceItIsBack()
    {
        await using var app = KeygateApp.WithRedis(redis);
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "hourly", limit = 1000, periodSeconds = 3600 } } });
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        await redis.StopAsync();
        try
        {
            await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(503, "unavailable");
        }
        finally
        {
            await redis.StartAsync();
        }

        // The client reconnects on its own, within about half a second; until then the answer stays 503.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await client.GetAsync("/v1/whoami");
            if (response.IsSuccessStatusCode)
            {
                break;
            }
            await response.ShouldBeProblemAsync(503, "unavailable");
            Assert.True(DateTimeOffset.UtcNow < deadline, "still 503 fifteen seconds after Redis came back");
        }
    }

    [Fact]
    public async Task RedisStopped_ASignedRequestWhoseNonceCannotBeChecked_Is503_NotA500()
    {
        await using var app = KeygateApp.WithRedis(redis);
        var key = await app.CreateKeyAsync(new { signing = "allowed" });
        var now = app.Clock.GetUtcNow().ToUnixTimeSeconds();
        await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, now)).ShouldHaveStatusAsync(200);

        await redis.StopAsync();
        try
        {
            await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, now)).ShouldBeProblemAsync(503, "unavailable");
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    [Fact]
    public async Task RedisStopped_MetasSignedEventsAreStillTaken_AndWrongSignaturesStill401()
    {
        // Wrong webhook signatures are counted in Redis; while it is away nothing is counted, and Meta is not turned away.
        await using var meta = await FakeMeta.StartAsync();
        await using var app = KeygateApp.WithRedis(redis, null, ("Meta:BaseUrl", meta.Address.ToString()));
        var number = await app.RegisterMetaNumberAsync(meta);
        var status = MetaWebhookEvents.Status(number.PhoneNumberId, number.WabaId, "wamid.UNKNOWN" + Guid.NewGuid().ToString("N"), "delivered",
            DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        await redis.StopAsync();
        try
        {
            await app.Anonymous().PostMetaEventAsync(status, "not-the-secret").ShouldBeProblemAsync(401, "invalid_credentials");
            await app.Anonymous().PostMetaEventAsync(status, number.AppSecret).ShouldHaveStatusAsync(200);
        }
        finally
        {
            await redis.StartAsync();
        }
        Assert.Contains(app.Logs.Lines, line => line.Contains("A wrong webhook signature could not be counted", StringComparison.Ordinal));
    }
}
