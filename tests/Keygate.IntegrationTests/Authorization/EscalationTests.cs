namespace Keygate.IntegrationTests;

public class EscalationTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task ManagingKey_CanGrantWhatItHolds_ButNothingMore()
    {
        var manager = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "keys:read", "messages:send" } }));

        var granted = await manager.PostAsJsonAsync("/v1/keys", new { name = "child", environment = "production", permissions = new[] { "messages:send" } }).JsonAsync(201);
        Assert.StartsWith("kgs_live_", granted.GetProperty("apiSecret").GetString());

        var refused = await manager.PostAsJsonAsync("/v1/keys", new { name = "greedy", environment = "production", permissions = new[] { "messages:send", "audit:read" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("audit:read", refused.GetProperty("detail").GetString());
        var child = granted.GetProperty("id").GetString();
        await manager.PatchJsonAsync($"/v1/keys/{child}", new { permissions = new[] { "keys:verify" } }).ShouldBeProblemAsync(403, "insufficient_permissions");
        var list = await manager.GetAsync("/v1/keys?q=greedy").JsonAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task ManagingKey_MayHandOutOneTemplateCategory_OfTheTemplatesItSends_ButNotEveryCategory_FromOne()
    {
        var every = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "messages:send-template" } }));
        await every.PostAsJsonAsync("/v1/keys", new { name = "utility-child", environment = "production", permissions = new[] { "messages:send-utility-template" } })
            .ShouldHaveStatusAsync(201);

        var utility = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "messages:send-utility-template" } }));
        var refused = await utility.PostAsJsonAsync("/v1/keys", new { name = "wider-child", environment = "production", permissions = new[] { "messages:send-template" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("messages:send-template", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await utility.PostAsJsonAsync("/v1/keys", new { name = "marketing-child", environment = "production", permissions = new[] { "messages:send-marketing-template" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
    }

    [Fact]
    public async Task ManagingKey_CannotRotateOrEditAMorePowerfulKey()
    {
        var manager = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:manage" } }));
        var powerful = await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "audit:read" } });

        await manager.PostAsJsonAsync($"/v1/keys/{powerful.Id}/rotate", new { }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await manager.PatchJsonAsync($"/v1/keys/{powerful.Id}", new { name = "mine-now" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await app.ClientFor(powerful).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task KeyWithoutKeysManage_CannotCreateKeys()
    {
        var reader = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:read" } }));
        var problem = await reader.PostAsJsonAsync("/v1/keys", new { name = "nope", environment = "staging" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("keys:manage", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AccountsApi_IsForOperatorsOnly()
    {
        var tenantOwner = await app.NewAccountOwnerAsync();
        await tenantOwner.GetAsync("/v1/accounts").ShouldBeProblemAsync(403, "insufficient_permissions");
        var key = await app.CreateKeyAsync(new { permissions = new[] { "keys:manage" } });
        await app.ClientFor(key).GetAsync("/v1/accounts").ShouldBeProblemAsync(403, "insufficient_permissions");
        var operatorView = await (await app.OwnerAsync()).GetAsync("/v1/accounts").JsonAsync();
        Assert.True(operatorView.GetProperty("items").GetArrayLength() >= 2);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class EscalationTestsOnPostgres(PostgresKeygateApp app) : EscalationTests(app), IClassFixture<PostgresKeygateApp>;
