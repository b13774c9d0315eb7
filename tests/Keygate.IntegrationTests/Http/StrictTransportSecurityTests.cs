namespace Keygate.IntegrationTests.Http;

/// <summary>
/// Answers over HTTPS tell the browser to use nothing else (HSTS), including behind a TLS-terminating proxy on
/// loopback and in every environment; answers over plain HTTP never do, since the header means nothing there.
/// </summary>
public sealed class StrictTransportSecurityTests
{
    [Fact]
    public async Task OverHttpsThroughATrustedProxy_EveryAnswerCarriesHsts_ForAYearByDefault()
    {
        await using var app = KeygateApp.With(("Http:TrustedProxies:0", "127.0.0.1"));
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var refused = await client.GetAsync("/v1/whoami");
        var page = await client.GetAsync("/dashboard/login");

        Assert.Equal(401, (int)refused.StatusCode);
        Assert.Equal("max-age=31536000", Hsts(refused));
        Assert.Equal("max-age=31536000", Hsts(page));
    }

    [Fact]
    public async Task HstsMaxAgeAndSubdomains_AreConfigurable()
    {
        await using var app = KeygateApp.With(("Http:TrustedProxies:0", "127.0.0.1"), ("Http:Hsts:MaxAgeSeconds", "600"), ("Http:Hsts:IncludeSubDomains", "true"));
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        Assert.Equal("max-age=600; includeSubDomains", Hsts(await client.GetAsync("/healthz")));
    }

    [Fact]
    public async Task OverPlainHttp_OrAnUntrustedClaimOfHttps_NoHsts()
    {
        await using var app = new KeygateApp();
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        Assert.Null(Hsts(await client.GetAsync("/v1/whoami")));
    }

    private static string? Hsts(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? Assert.Single(values) : null;
}
