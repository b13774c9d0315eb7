namespace Keygate.IntegrationTests;

public class AccountLimitsTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task AccountQuota_IsSharedByAllItsKeys_AndSaysSo()
    {
        var (tenant, accountId) = await TenantAsync();
        await (await app.OwnerAsync()).PatchJsonAsync($"/v1/accounts/{accountId}", new { quotas = new[] { new { metric = "requests", limit = 5, period = "day" } } })
            .ShouldHaveStatusAsync(200);
        var first = app.ClientFor(await app.CreateKeyAsync(by: tenant));
        var second = app.ClientFor(await app.CreateKeyAsync(by: tenant));

        for (var i = 0; i < 3; i++)
        {
            await first.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        await second.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await second.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var refused = await second.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "quota_exceeded");
        Assert.Contains("account:requests-per-day", refused.GetProperty("detail").GetString());
        await first.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "quota_exceeded");
    }

    [Fact]
    public async Task AccountRateLimit_UnderConcurrencyAcrossKeys_NeverAdmitsMore()
    {
        var (tenant, accountId) = await TenantAsync();
        await (await app.OwnerAsync()).PatchJsonAsync($"/v1/accounts/{accountId}", new { rateLimits = new[] { new { name = "shared", limit = 30, periodSeconds = 3600 } } })
            .ShouldHaveStatusAsync(200);
        var clients = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(app.ClientFor(await app.CreateKeyAsync(new { rateLimits = new[] { new { name = "own", limit = 20, periodSeconds = 3600 } } }, by: tenant)));
        }
        var statuses = await Task.WhenAll(Enumerable.Range(0, 150).Select(async i => (int)(await clients[i % 3].GetAsync("/v1/whoami")).StatusCode));
        Assert.Equal(30, statuses.Count(s => s == 200));
    }

    [Fact]
    public async Task ChangingAccountLimits_TakesEffectAtOnce_AndWhoAmIListsThem()
    {
        var (tenant, accountId) = await TenantAsync();
        var client = app.ClientFor(await app.CreateKeyAsync(by: tenant));
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var updated = await (await app.OwnerAsync()).PatchJsonAsync($"/v1/accounts/{accountId}", new { rateLimits = new[] { new { name = "tiny", limit = 1, periodSeconds = 60 } } }).JsonAsync();
        Assert.Equal("tiny", updated.GetProperty("rateLimits")[0].GetProperty("name").GetString());

        var whoami = await client.GetAsync("/v1/whoami").JsonAsync();
        Assert.Contains(whoami.GetProperty("allowances").EnumerateArray(), a => a.GetProperty("name").GetString() == "account:tiny");
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");
    }

    [Fact]
    public async Task AccountLimits_AreForOperatorsOnly_AndValidated()
    {
        var (tenant, accountId) = await TenantAsync();
        await tenant.PatchJsonAsync($"/v1/accounts/{accountId}", new { quotas = Array.Empty<object>() }).ShouldBeProblemAsync(403, "insufficient_permissions");
        var owner = await app.OwnerAsync();
        var problem = await owner.PatchJsonAsync($"/v1/accounts/{accountId}", new { rateLimits = new[] { new { name = "x", limit = 0, periodSeconds = 1 } }, name = "renamed" })
            .ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("rateLimits[0].limit", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
        await owner.PatchJsonAsync("/v1/accounts/acc_doesnotexist", new { quotas = Array.Empty<object>() }).ShouldBeProblemAsync(404, "not_found");
    }

    private async Task<(HttpClient Owner, string AccountId)> TenantAsync()
    {
        var tenant = await app.NewAccountOwnerAsync();
        var me = await tenant.GetAsync("/v1/whoami").JsonAsync();
        return (tenant, me.GetProperty("accountId").GetString()!);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AccountLimitsTestsOnPostgres(PostgresKeygateApp app) : AccountLimitsTests(app), IClassFixture<PostgresKeygateApp>;
