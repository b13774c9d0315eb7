namespace Keygate.IntegrationTests;

/// <summary>
/// Messages counted per key by Meta's pricing category, from the statuses: the sandbox's, and Meta's status webhooks
/// for a real number (once per message, however many statuses carry the price); and quotas per category.
/// </summary>
public class UsageByCategoryTests(WebhookApp fixture) : IClassFixture<WebhookApp>
{
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task SandboxSends_AreCountedByCategory_InTheKeysUsage_OnceTheyAreSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await _app.NewAccountAsync();
        await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "statuses" } }).JsonAsync(201);
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "usage:read" } }, by: tenant.Owner);
        var sender = _app.ClientFor(key);
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        await sandbox.CustomerWritesAsync(sender);

        var sent = new List<string>
        {
            await SandboxLikeMetaTests.SendAsync(sender, sandbox, SandboxLikeMetaTests.SeasonalOffer(Sandbox.Customer)),
            await SandboxLikeMetaTests.SendAsync(sender, sandbox, SandboxLikeMetaTests.SeasonalOffer(Sandbox.Customer)),
            await SandboxLikeMetaTests.SendAsync(sender, sandbox, Sandbox.HelloWorld()),
            await SandboxLikeMetaTests.SendAsync(sender, sandbox, Sandbox.Text(Sandbox.Customer, "Thanks!")),
            // Outside the window: accepted, failed, never priced.
            await SandboxLikeMetaTests.SendAsync(sender, sandbox, Sandbox.Text("15557650000", "Hello?")),
        };
        foreach (var wamid in sent[..4])
        {
            await receiver.StatusAsync(_app, wamid, "read");
        }
        await receiver.StatusAsync(_app, sent[4], "failed");
        await _app.FlushUsageAsync();

        var usage = await sender.GetAsync($"/v1/keys/{key.Id}/usage?granularity=day").JsonAsync();
        var byCategory = usage.GetProperty("messagesByCategory");
        Assert.Equal(2, byCategory.GetProperty("marketing").GetInt64());
        Assert.Equal(1, byCategory.GetProperty("utility").GetInt64());
        Assert.Equal(1, byCategory.GetProperty("service").GetInt64());
        Assert.Equal(0, byCategory.GetProperty("authentication").GetInt64());
        var account = await tenant.Owner.GetAsync("/v1/usage?granularity=day").JsonAsync();
        Assert.Equal(2, account.GetProperty("messagesByCategory").GetProperty("marketing").GetInt64());
    }

    [Fact]
    public async Task AMarketingQuota_RefusesTheNextMarketingSend_ButNotOtherCategories()
    {
        var tenant = await _app.NewAccountAsync();
        var key = await _app.CreateKeyAsync(new
        {
            permissions = new[] { "messages:send" },
            quotas = new[] { new { metric = "messages:marketing", limit = 2, period = "day" } },
        }, by: tenant.Owner);
        Assert.Equal("messages:marketing", key.Json.GetProperty("quotas")[0].GetProperty("metric").GetString());
        var sender = _app.ClientFor(key);
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        await sandbox.CustomerWritesAsync(sender);

        await SandboxLikeMetaTests.SendAsync(sender, sandbox, SandboxLikeMetaTests.SeasonalOffer(Sandbox.Customer));
        await SandboxLikeMetaTests.SendAsync(sender, sandbox, SandboxLikeMetaTests.SeasonalOffer(Sandbox.Customer));
        var refused = await sender.PostAsJsonAsync(sandbox.MessagesPath, SandboxLikeMetaTests.SeasonalOffer(Sandbox.Customer)).ShouldHaveMetaErrorAsync(429, 4, "quota_exceeded");
        Assert.Contains("messages:marketing-per-day", refused.GetProperty("message").GetString());
        await sender.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).ShouldHaveStatusAsync(200);
        await sender.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, "Still here")).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task TheKeysDashboardPage_ShowsItsMessagesByPricingCategory()
    {
        var owner = await _app.OwnerAsync();
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } });
        var sender = _app.ClientFor(key);
        var wamid = await SandboxLikeMetaTests.SendAsync(sender, await Sandbox.OfAsync(owner), Sandbox.HelloWorld());
        // Read comes after sent, whose telling counted the message.
        await _app.UntilStatusAsync(sender, wamid, "read");
        await _app.FlushUsageAsync();

        using var session = await DashboardSession.LoginAsync(_app);
        var page = await session.PageAsync($"/dashboard/integration/api-keys/{key.Id}?granularity=day");
        Assert.Contains("Messages by pricing category", page, StringComparison.Ordinal);
        Assert.Contains("<dt>utility</dt><dd>1</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>marketing</dt><dd>0</dd>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("messages:promotional")]
    [InlineData("messages:")]
    [InlineData("Messages:marketing")]
    public async Task AnUnknownCategoryMetric_IsRefused(string metric)
    {
        var owner = await _app.OwnerAsync();
        var refused = await owner.PostAsJsonAsync("/v1/keys", new { name = $"bad-{Guid.NewGuid():N}", environment = "production", quotas = new[] { new { metric, limit = 5, period = "day" } } })
            .ShouldBeProblemAsync(400, "invalid_request");
        Assert.Contains("messages:marketing", refused.GetProperty("errors").GetProperty("quotas[0].metric")[0].GetString());
        var key = await _app.CreateKeyAsync();
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { quotas = new[] { new { metric, limit = 5, period = "day" } } }).ShouldBeProblemAsync(400, "invalid_request");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class UsageByCategoryTestsOnPostgres(PostgresWebhookApp fixture) : UsageByCategoryTests(fixture), IClassFixture<PostgresWebhookApp>;
