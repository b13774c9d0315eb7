namespace Keygate.IntegrationTests.Keys;

/// <summary><c>POST /v1/keys/verify</c> takes the request path's verifier: the two never disagree (issue 9, item 10).</summary>
public class VerifyTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task SigningRequiredKey_IsNotValidWithItsBareSecret_OnVerifyAsOnRequests()
    {
        var checker = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } }));
        var signing = await app.CreateKeyAsync(new { signing = "required" });

        var answer = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = signing.Id, apiSecret = signing.Secret }).JsonAsync();
        Assert.False(answer.GetProperty("valid").GetBoolean());
        Assert.Equal("invalid_credentials", answer.GetProperty("code").GetString());
        await app.ClientFor(signing).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
    }

    [Fact]
    public async Task WrongSecretsThroughVerify_LockGuessing_OnTheRequestPathToo()
    {
        var checker = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } }));
        var target = await app.CreateKeyAsync();
        var wrongSecret = (await app.CreateKeyAsync()).Secret;
        for (var i = 0; i < 10; i++)
        {
            var answer = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = wrongSecret }).JsonAsync();
            Assert.Equal("invalid_credentials", answer.GetProperty("code").GetString());
        }

        var locked = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = wrongSecret }).JsonAsync();
        Assert.Equal("rate_limited", locked.GetProperty("code").GetString());
        await app.ClientFor(target.Id, wrongSecret).GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
        // The holder is never locked out, on either door.
        var holder = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret }).JsonAsync();
        Assert.True(holder.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task IpAllowlistedKey_IsValidOnlyForAClientAddressInsideIt()
    {
        var checker = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } }));
        var target = await app.CreateKeyAsync(new { ipAllowlist = new[] { "203.0.113.0/24" } });

        var inside = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, clientIp = "203.0.113.7" }).JsonAsync();
        Assert.True(inside.GetProperty("valid").GetBoolean());
        var outside = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, clientIp = "198.51.100.7" }).JsonAsync();
        Assert.Equal("ip_not_allowed", outside.GetProperty("code").GetString());
        var unsaid = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret }).JsonAsync();
        Assert.Equal("ip_not_allowed", unsaid.GetProperty("code").GetString());
        await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret, clientIp = "not-an-address" })
            .ShouldBeProblemAsync(400, "invalid_request");
    }

    [Fact]
    public async Task RotatedOutSecret_IsRefusedByVerifyOnceItsGracePeriodEnds()
    {
        var checker = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } }));
        var target = await app.CreateKeyAsync();
        await (await app.OwnerAsync()).PostAsJsonAsync($"/v1/keys/{target.Id}/rotate", new { gracePeriodSeconds = 60 }).ShouldHaveStatusAsync(200);

        var during = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret }).JsonAsync();
        Assert.True(during.GetProperty("valid").GetBoolean());
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var after = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = target.Id, apiSecret = target.Secret }).JsonAsync();
        Assert.Equal("invalid_credentials", after.GetProperty("code").GetString());
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class VerifyTestsOnPostgres(PostgresKeygateApp app) : VerifyTests(app), IClassFixture<PostgresKeygateApp>;
