namespace Keygate.IntegrationTests;

/// <summary>What an operator and an integrator find around the API: health, the API description, the docs page.</summary>
public sealed class ServiceSurfaceTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task HealthAndReadiness_Answer()
    {
        var client = app.Anonymous();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheKeyApi()
    {
        var document = await app.Anonymous().GetAsync("/openapi/v1.json").JsonAsync();
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/keys", "/v1/keys/{id}", "/v1/keys/{id}/rotate", "/v1/keys/{id}/revoke", "/v1/keys/verify", "/v1/whoami", "/v1/auth/login", "/v1/permissions" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }

    [Fact]
    public async Task DocsPage_IsServedByKeygateItself_WithNoExternalScripts()
    {
        var client = app.Anonymous();
        var html = await client.GetStringAsync("/docs/");
        Assert.Contains("<script", html, StringComparison.OrdinalIgnoreCase);
        foreach (var source in System.Text.RegularExpressions.Regex.Matches(html, "src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
        {
            Assert.False(source.StartsWith("http", StringComparison.OrdinalIgnoreCase) || source.StartsWith("//", StringComparison.Ordinal), $"external script {source}");
            var script = await client.GetAsync(new Uri(new Uri(app.BaseAddress, "/docs/"), source));
            await script.ShouldHaveStatusAsync(200);
        }
    }

    [Fact]
    public async Task CacheHit_AsksTheDatabaseNothing()
    {
        var key = await app.CreateKeyAsync();
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        var commandsBefore = DatabaseCommands();
        for (var i = 0; i < 10; i++)
        {
            await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        Assert.Equal(commandsBefore, DatabaseCommands());

        // A change invalidates the cached copy at once: the next request reads the key again.
        await (await app.OwnerAsync()).PatchJsonAsync($"/v1/keys/{key.Id}", new { permissions = new[] { "usage:read" } }).ShouldHaveStatusAsync(200);
        var whoami = await client.GetAsync("/v1/whoami").JsonAsync();
        Assert.Equal("usage:read", whoami.GetProperty("permissions")[0].GetString());
    }

    [Fact]
    public async Task AnUnknownKeyIdAskedTwice_QueriesTheDatabaseOnce()
    {
        var secret = (await app.CreateKeyAsync()).Secret;
        var client = app.ClientFor("kg_live_" + new string('Z', 22), secret);
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        var commandsBefore = DatabaseCommands();
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        Assert.Equal(commandsBefore, DatabaseCommands());
    }

    private int DatabaseCommands() =>
        app.Logs.Lines.Count(line => line.Contains("Microsoft.EntityFrameworkCore.Database.Command: Executed DbCommand", StringComparison.Ordinal));
}
