namespace Keygate.IntegrationTests;

public class PingTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task AValidKey_IsAnsweredOk_WithItsAllowanceInTheHeaders()
    {
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "per-minute", limit = 5, periodSeconds = 60 } } });

        var response = await app.ClientFor(key).GetAsync("/v1/ping");

        Assert.True((await response.JsonAsync()).GetProperty("ok").GetBoolean());
        Assert.Equal("4", response.Headers.GetValues("RateLimit-Remaining").Single());
    }

    [Fact]
    public async Task NoKeyOrAWrongSecret_IsRefusedAsAnyOtherCall()
    {
        var key = await app.CreateKeyAsync();
        var other = await app.CreateKeyAsync();

        await app.Anonymous().GetAsync("/v1/ping").ShouldBeProblemAsync(401, "missing_credentials");
        await app.ClientFor(key.Id, other.Secret).GetAsync("/v1/ping").ShouldBeProblemAsync(401, "invalid_credentials");
    }

    [Fact]
    public async Task AKeyOverItsLimit_IsRefusedWithTooManyRequests()
    {
        var key = await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "per-minute", limit = 1, periodSeconds = 60 } } });
        var client = app.ClientFor(key);

        await client.GetAsync("/v1/ping").ShouldHaveStatusAsync(200);
        await client.GetAsync("/v1/ping").ShouldBeProblemAsync(429, "rate_limited");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class PingTestsOnPostgres(PostgresKeygateApp app) : PingTests(app), IClassFixture<PostgresKeygateApp>;
