using System.Net;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>Login, logout, redirects and the HTML status pages of the dashboard, over plain HTTP.</summary>
public class DashboardBasicsTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task APageWithoutASession_RedirectsToTheLoginPage_RememberingWhereThePersonWasGoing()
    {
        var response = await NoRedirects().GetAsync("/dashboard/integration/api-keys?q=crm");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/login?returnUrl=%2Fdashboard%2Fintegration%2Fapi-keys%3Fq%3Dcrm", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task DashboardPages_ForbidFramingAndForeignContent_WhileTheApiIsLeftAlone()
    {
        using var session = await DashboardSession.LoginAsync(app);
        var page = await session.Client.GetAsync("/dashboard/integration/api-keys");

        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var api = await app.Anonymous().GetAsync("/healthz");
        Assert.False(api.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task ADeveloper_SeesWhatTheirRoleCannotGrantDisabled_AndCreatesAKeyWithWhatItCan()
    {
        var developer = await (await app.OwnerAsync()).InviteAsync("developer");
        using var session = await DashboardSession.LoginAsync(app, developer.Email, developer.Password);

        var form = await session.PageAsync("/dashboard/integration/api-keys/new");

        Assert.Matches("<input type=\"radio\" name=\"Form.Preset\" value=\"full\"[^>]*disabled", form);
        Assert.DoesNotMatch("<input type=\"radio\" name=\"Form.Preset\" value=\"send\"[^>]*disabled", form);
        Assert.Matches("<input type=\"checkbox\" name=\"Form.Permissions\" value=\"audit:read\"[^>]*disabled", form);
        var created = await session.SubmitAsync("/dashboard/integration/api-keys/new",
            new() { ["Form.Name"] = "made-by-a-developer", ["Form.Environment"] = "development", ["Form.Preset"] = "send" });
        Assert.Contains("It is shown this once", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRoot_OpensTheDashboard()
    {
        var response = await NoRedirects().GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/integration", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LoggingIn_GoesBackToTheLocalPageAskedFor_ButNeverOffSite()
    {
        using var session = DashboardClient();
        var local = await session.SubmitAsync("/dashboard/login?returnUrl=%2Fdashboard%2Faudit",
            new() { ["Email"] = KeygateApp.AdminEmail, ["Password"] = KeygateApp.AdminPassword });
        Assert.Equal("/dashboard/audit", local.Headers.Location!.OriginalString);

        using var other = DashboardClient();
        var offSite = await other.SubmitAsync("/dashboard/login?returnUrl=https%3A%2F%2Fevil.example%2F",
            new() { ["Email"] = KeygateApp.AdminEmail, ["Password"] = KeygateApp.AdminPassword });
        Assert.Equal("/dashboard/integration", offSite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AWrongPassword_ShowsTheFormAgainWithAPlainMessage_AndNoPasswordInIt()
    {
        using var session = DashboardClient();
        var response = await session.SubmitAsync("/dashboard/login", new() { ["Email"] = "nobody@keygate.test", ["Password"] = "wrong-password-typed" });

        await response.ShouldHaveStatusAsync(200);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The e-mail or password is not valid.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-typed", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepeatedWrongPasswords_LockTheLoginForm_WithAPlainMessage()
    {
        var victim = await (await app.OwnerAsync()).InviteAsync("viewer");
        for (var i = 0; i < 5; i++)
        {
            using var attempt = DashboardClient();
            await attempt.SubmitAsync("/dashboard/login", new() { ["Email"] = victim.Email, ["Password"] = "guess-" + i });
        }

        using var session = DashboardClient();
        var locked = await session.SubmitAsync("/dashboard/login", new() { ["Email"] = victim.Email, ["Password"] = victim.Password });

        await locked.ShouldHaveStatusAsync(200);
        Assert.Contains("Too many failed", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(locked.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("keygate_session=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheSessionCookie_IsHttpOnlyAndStrict()
    {
        using var session = DashboardClient();
        var response = await session.SubmitAsync("/dashboard/login", new() { ["Email"] = KeygateApp.AdminEmail, ["Password"] = KeygateApp.AdminPassword });

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("keygate_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryToken_IsRefused()
    {
        using var session = await DashboardSession.LoginAsync(app);
        var response = await session.PostWithoutTokenAsync("/dashboard/integration/api-keys/new", new() { ["Form.Name"] = "forged", ["Form.Preset"] = "full" });

        await response.ShouldHaveStatusAsync(400);
        Assert.Contains("Request refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var keys = await (await app.OwnerAsync()).GetFromJsonAsync<JsonElement>("/v1/keys?q=forged");
        Assert.Equal(0, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnUnknownDashboardPage_IsAnHtmlNotFound_WhileTheApiKeepsItsProblemDocuments()
    {
        using var session = await DashboardSession.LoginAsync(app);
        var page = await session.Client.GetAsync("/dashboard/no-such-page");
        await page.ShouldHaveStatusAsync(404);
        Assert.StartsWith("text/html", page.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);

        await app.Anonymous().GetAsync("/v1/no-such-call").ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task AnApiKey_NeverOpensADashboardPage()
    {
        var key = await app.CreateKeyAsync(new { permissions = new[] { "keys:read", "keys:manage" } });
        var client = NoRedirects();
        client.DefaultRequestHeaders.Authorization = new("Bearer", $"{key.Id}.{key.Secret}");

        var response = await client.GetAsync("/dashboard/integration/api-keys");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoggingOut_EndsTheSessionOnTheServer_SoTheCookieReplayedLaterIsSentToLogIn()
    {
        using var session = await DashboardSession.LoginAsync(app);
        var replay = NoRedirects();
        replay.DefaultRequestHeaders.Add("Cookie", session.CookieHeader());
        await replay.GetAsync("/dashboard/integration/api-keys").ShouldHaveStatusAsync(200);

        var logout = await session.SubmitAsync("/dashboard/integration", [], action: "/dashboard/logout");
        Assert.Equal("/dashboard/login", logout.Headers.Location!.OriginalString);

        var replayed = await replay.GetAsync("/dashboard/integration/api-keys");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/dashboard/login", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };

    private DashboardSession DashboardClient() => DashboardSession.Anonymous(app);
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class DashboardBasicsTestsOnPostgres(PostgresKeygateApp app) : DashboardBasicsTests(app), IClassFixture<PostgresKeygateApp>;
