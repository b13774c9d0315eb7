namespace Keygate.IntegrationTests;

/// <summary>Forwarded headers count only from configured proxies: for the client's address and for HTTPS.</summary>
public sealed class TrustedProxyTests
{
    [Fact]
    public async Task WithoutTrustedProxies_ForwardedHeadersAreIgnored_SoNobodyCanClaimAnAllowedAddress()
    {
        await using var app = new KeygateApp();
        var key = await app.CreateKeyAsync(new { ipAllowlist = new[] { "203.0.113.0/24" } });
        var client = app.ClientFor(key);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(403, "ip_not_allowed");
    }

    [Fact]
    public async Task BehindATrustedProxy_TheForwardedClientAddressIsJudged_AndHttpsMakesTheCookieSecureAndHostPrefixed()
    {
        await using var app = KeygateApp.With(("Http:TrustedProxies:0", "127.0.0.1"));
        var key = await app.CreateKeyAsync(new { ipAllowlist = new[] { "203.0.113.0/24" } });

        var allowed = app.ClientFor(key);
        allowed.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        await allowed.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var elsewhere = app.ClientFor(key);
        elsewhere.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.4");
        await elsewhere.GetAsync("/v1/whoami").ShouldBeProblemAsync(403, "ip_not_allowed");

        using var login = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword }),
        };
        login.Headers.Add("X-Forwarded-Proto", "https");
        var response = await app.Anonymous().SendAsync(login);
        await response.ShouldHaveStatusAsync(200);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("__Host-keygate_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnEntryThatIsNotANetwork_StopsKeygateFromStarting()
    {
        await using var app = KeygateApp.With(("Http:TrustedProxies:0", "10.1.2.3/8"));

        var failure = Assert.ThrowsAny<Exception>(() => app.BaseAddress);
        Assert.Contains("Http:TrustedProxies", failure.ToString(), StringComparison.Ordinal);
    }
}
