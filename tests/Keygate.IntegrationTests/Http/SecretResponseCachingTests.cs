namespace Keygate.IntegrationTests.Http;

/// <summary>
/// Every answer that carries a secret or a one-time password says <c>Cache-Control: no-store</c>, so no browser
/// history, disk cache or shared proxy keeps a copy of it. One test per door that hands a secret out.
/// </summary>
public sealed class SecretResponseCachingTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task KeyCreate_AnswerCarryingTheSecret_IsNotStored()
    {
        var response = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/keys", new { name = "no-store-create", environment = "production" });

        await response.ShouldHaveStatusAsync(201);
        AssertNoStore(response);
    }

    [Fact]
    public async Task KeyRotate_AnswerCarryingTheSecret_IsNotStored()
    {
        var key = await app.CreateKeyAsync();

        var response = await (await app.OwnerAsync()).PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 0 });

        await response.ShouldHaveStatusAsync(200);
        AssertNoStore(response);
    }

    [Fact]
    public async Task KeyCreate_ByAManagingKey_IsNotStoredEither()
    {
        var manager = await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "keys:read" } });

        var response = await app.ClientFor(manager).PostAsJsonAsync("/v1/keys", new { name = "no-store-by-key", environment = "production", permissions = new[] { "keys:read" } });

        await response.ShouldHaveStatusAsync(201);
        AssertNoStore(response);
    }

    [Fact]
    public async Task WebhookCreate_AnswerCarryingTheSecret_IsNotStored()
    {
        var response = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/webhooks", new { url = "https://203.0.113.10/hook", events = new[] { "alerts" } });

        await response.ShouldHaveStatusAsync(201);
        AssertNoStore(response);
    }

    [Fact]
    public async Task WebhookRotateSecret_AnswerCarryingTheSecret_IsNotStored()
    {
        var owner = await app.OwnerAsync();
        var created = await owner.PostAsJsonAsync("/v1/webhooks", new { url = "https://203.0.113.11/hook", events = new[] { "alerts" } }).JsonAsync(201);

        var response = await owner.PostAsync($"/v1/webhooks/{created.GetProperty("id").GetString()}/rotate-secret", null);

        await response.ShouldHaveStatusAsync(200);
        AssertNoStore(response);
    }

    [Fact]
    public async Task UserInvite_AnswerCarryingTheOneTimePassword_IsNotStored()
    {
        var response = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/users", new { email = UserIntents.NewEmail("viewer"), role = "viewer" });

        await response.ShouldHaveStatusAsync(201);
        AssertNoStore(response);
    }

    [Fact]
    public async Task AccountCreate_AnswerCarryingTheOwnersOneTimePassword_IsNotStored()
    {
        var response = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/accounts", new { name = "No-store tenant", ownerEmail = UserIntents.NewEmail("owner") });

        await response.ShouldHaveStatusAsync(201);
        AssertNoStore(response);
    }

    [Fact]
    public async Task KeyRead_CarriesNoSecret_AndKeepsItsOrdinaryCaching()
    {
        var key = await app.CreateKeyAsync();

        var response = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}");

        await response.ShouldHaveStatusAsync(200);
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
    }

    private static void AssertNoStore(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore ?? false, $"Cache-Control was '{response.Headers.CacheControl}'");
}
