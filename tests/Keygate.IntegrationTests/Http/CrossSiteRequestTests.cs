namespace Keygate.IntegrationTests.Http;

/// <summary>
/// A session cookie alone never carries a state-changing API call: a page on another site could make the browser
/// send it (SameSite is one defence; this is the second). Unsafe methods with a session need the browser's proof of
/// where the call came from: a matching <c>Origin</c>, or without one <c>Sec-Fetch-Site: same-origin</c> or the
/// antiforgery header. API keys are not sent by browsers on their own, so key calls are not affected.
/// </summary>
public sealed class CrossSiteRequestTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task SessionPost_FromAnotherOrigin_IsRefused_AndCreatesNothing()
    {
        var name = "cross-site-" + Guid.NewGuid().ToString("N")[..8];
        using var request = KeyCreate(name);
        request.Headers.Add("Origin", "https://evil.example");

        var response = await (await SessionWithoutOriginAsync()).SendAsync(request);

        await response.ShouldBeProblemAsync(403, "cross_site_request");
        var keys = await (await app.OwnerAsync()).GetAsync($"/v1/keys?q={name}").JsonAsync();
        Assert.Empty(keys.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("null")]                    // a sandboxed frame or a redirect chain
    [InlineData("http://127.0.0.1:1")]      // same host, another port
    [InlineData("https://{host}")]          // same host and port, another scheme
    public async Task SessionPost_FromAnyOtherOrigin_IsRefused(string origin)
    {
        using var request = KeyCreate("cross-site-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.TryAddWithoutValidation("Origin", origin.Replace("{host}", app.BaseAddress.Authority, StringComparison.Ordinal));

        await (await SessionWithoutOriginAsync()).SendAsync(request).ShouldBeProblemAsync(403, "cross_site_request");
    }

    [Fact]
    public async Task SessionSend_OnTheCloudApiSurface_FromAnotherOrigin_IsRefusedInMetasEnvelope()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.MessagesPath) { Content = JsonContent.Create(Sandbox.HelloWorld()) };
        request.Headers.Add("Origin", "https://evil.example");

        await (await SessionWithoutOriginAsync()).SendAsync(request).ShouldHaveMetaErrorAsync(403, 200, "cross_site_request");
    }

    [Fact]
    public async Task SessionPatchAndDelete_WithNeitherOriginNorFetchMetadata_AreRefused()
    {
        var session = await SessionWithoutOriginAsync();
        var key = await app.CreateKeyAsync();

        await session.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "renamed" }).ShouldBeProblemAsync(403, "cross_site_request");
        await session.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldBeProblemAsync(403, "cross_site_request");
        await session.DeleteAsync("/v1/webhooks/whk_unknown").ShouldBeProblemAsync(403, "cross_site_request");
    }

    [Fact]
    public async Task SessionPost_CrossSiteByFetchMetadata_IsRefused()
    {
        using var request = KeyCreate("cross-site-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        await (await SessionWithoutOriginAsync()).SendAsync(request).ShouldBeProblemAsync(403, "cross_site_request");
    }

    [Fact]
    public async Task SessionPost_FromTheSameOrigin_IsServed()
    {
        using var request = KeyCreate("same-origin-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.Add("Origin", app.Origin);

        await (await SessionWithoutOriginAsync()).SendAsync(request).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task SessionPost_WithoutOriginButSameOriginFetchMetadata_IsServed()
    {
        using var request = KeyCreate("same-origin-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        await (await SessionWithoutOriginAsync()).SendAsync(request).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task SessionPost_WithoutOriginButWithTheAntiforgeryHeader_IsServed()
    {
        using var dashboard = await DashboardSession.LoginAsync(app);
        var token = DashboardSession.TokenIn(await dashboard.PageAsync("/dashboard/integration/api-keys/new"));
        using var request = KeyCreate("antiforgery-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.Add("RequestVerificationToken", token);

        await dashboard.Client.SendAsync(request).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task SessionPost_WithoutOriginAndAForgedAntiforgeryHeader_IsRefused()
    {
        using var dashboard = await DashboardSession.LoginAsync(app);
        using var request = KeyCreate("antiforgery-" + Guid.NewGuid().ToString("N")[..8]);
        request.Headers.Add("RequestVerificationToken", "CfDJ8-forged");

        await dashboard.Client.SendAsync(request).ShouldBeProblemAsync(403, "cross_site_request");
    }

    [Fact]
    public async Task SessionReads_NeedNoOrigin()
    {
        await (await SessionWithoutOriginAsync()).GetAsync("/v1/keys").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task KeyAuthenticatedPost_FromAnyOrigin_IsUnaffected()
    {
        var manager = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "keys:read" } }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys")
        {
            Content = JsonContent.Create(new { name = "by-key-" + Guid.NewGuid().ToString("N")[..8], environment = "production", permissions = new[] { "keys:read" } }),
        };
        request.Headers.Add("Origin", "https://evil.example");

        await manager.SendAsync(request).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task Login_IsNotACookieAuthenticatedCall_AndNeedsNoOrigin()
    {
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword })
            .ShouldHaveStatusAsync(200);
    }

    /// <summary>The owner's session cookie in a client that adds no <c>Origin</c> of its own, as a forged request would arrive.</summary>
    private async Task<HttpClient> SessionWithoutOriginAsync()
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", await app.SessionCookieAsync(KeygateApp.AdminEmail, KeygateApp.AdminPassword));
        return client;
    }

    private static HttpRequestMessage KeyCreate(string name) => new(HttpMethod.Post, "/v1/keys")
    {
        Content = JsonContent.Create(new { name, environment = "production" }),
    };
}
