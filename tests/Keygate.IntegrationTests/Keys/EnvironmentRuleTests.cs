namespace Keygate.IntegrationTests.Keys;

/// <summary>A non-production key never reaches a production key, on any door (issue 9, item 1).</summary>
public class EnvironmentRuleTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private static readonly string[] Everything = ["keys:manage", "keys:read", "keys:verify", "messages:send"];

    [Fact]
    public async Task TestKey_CannotEditRotateOrChangeTheStatusOfAProductionKey()
    {
        var test = app.ClientFor(await app.CreateKeyAsync(new { environment = "development", permissions = Everything }));
        var live = await app.CreateKeyAsync(new { environment = "production", permissions = new[] { "messages:send" }, ipAllowlist = new[] { "127.0.0.1/32" } });

        await test.PatchJsonAsync($"/v1/keys/{live.Id}", new { ipAllowlist = Array.Empty<string>() }).ShouldBeProblemAsync(403, "environment_not_allowed");
        var rotate = await test.PostAsJsonAsync($"/v1/keys/{live.Id}/rotate", new { gracePeriodSeconds = 0 });
        var rotated = await rotate.ShouldBeProblemAsync(403, "environment_not_allowed");
        Assert.False(rotated.TryGetProperty("apiSecret", out _));
        foreach (var action in new[] { "disable", "revoke" })
        {
            await test.PostAsJsonAsync($"/v1/keys/{live.Id}/{action}", new { }).ShouldBeProblemAsync(403, "environment_not_allowed");
        }
        await (await app.OwnerAsync()).PostAsJsonAsync($"/v1/keys/{live.Id}/disable", new { }).ShouldHaveStatusAsync(200);
        await test.PostAsJsonAsync($"/v1/keys/{live.Id}/enable", new { }).ShouldBeProblemAsync(403, "environment_not_allowed");

        var stored = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{live.Id}").JsonAsync();
        Assert.Equal("127.0.0.1/32", stored.GetProperty("ipAllowlist")[0].GetString());
        Assert.Equal("disabled", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TestKey_CannotCreateAProductionKey()
    {
        var staging = app.ClientFor(await app.CreateKeyAsync(new { environment = "staging", permissions = Everything }));
        await staging.PostAsJsonAsync("/v1/keys", new { name = "promoted", environment = "production" }).ShouldBeProblemAsync(403, "environment_not_allowed");
        await staging.PostAsJsonAsync("/v1/keys", new { name = "sibling", environment = "development" }).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task TestKey_VerifyingAProductionSecret_LearnsNothingAboutIt()
    {
        var test = app.ClientFor(await app.CreateKeyAsync(new { environment = "staging", permissions = Everything }));
        var live = await app.CreateKeyAsync(new { environment = "production" });
        var other = await app.CreateKeyAsync(new { environment = "production" });

        var right = await test.PostAsJsonAsync("/v1/keys/verify", new { apiKey = live.Id, apiSecret = live.Secret }).JsonAsync();
        var wrong = await test.PostAsJsonAsync("/v1/keys/verify", new { apiKey = live.Id, apiSecret = other.Secret }).JsonAsync();
        Assert.False(right.GetProperty("valid").GetBoolean());
        Assert.Equal("environment_not_allowed", right.GetProperty("code").GetString());
        Assert.Equal(wrong.GetRawText(), right.GetRawText());
    }

    [Fact]
    public async Task ProductionKey_ManagesKeysOfEveryEnvironment()
    {
        var live = app.ClientFor(await app.CreateKeyAsync(new { environment = "production", permissions = Everything }));
        var test = await app.CreateKeyAsync(new { environment = "development", permissions = new[] { "messages:send" } });
        await live.PatchJsonAsync($"/v1/keys/{test.Id}", new { name = "renamed-by-live" }).ShouldHaveStatusAsync(200);
        var verified = await live.PostAsJsonAsync("/v1/keys/verify", new { apiKey = test.Id, apiSecret = test.Secret }).JsonAsync();
        Assert.True(verified.GetProperty("valid").GetBoolean());
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class EnvironmentRuleTestsOnPostgres(PostgresKeygateApp app) : EnvironmentRuleTests(app), IClassFixture<PostgresKeygateApp>;
