using System.Net;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The Phone numbers page: the account's numbers, the sandbox's test recipients, registering a Meta number whose secrets are never shown.</summary>
public class PhoneNumbersPageTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private readonly KeygateApp _app = fixture.App;

    private const string Page = "/dashboard/integration/phone-numbers";
    private const string AccessToken = "EAAG-meta-access-token-never-shown";
    private const string AppSecret = "meta-app-secret-never-shown";

    [Fact]
    public async Task ThePage_ShowsTheSandboxAndMetaNumbers_ButNeverTheirSecrets_NorAnotherAccountsNumbers()
    {
        var theirs = await Sandbox.OfAsync(await _app.NewAccountOwnerAsync());
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        fixture.Meta.Owns(AccessToken, "106540352242922", "102290129340398");
        await tenant.Owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = "106540352242922",
            wabaId = "102290129340398",
            displayNumber = "+1 555 0100 2222",
            verifiedName = "Acme",
            accessToken = AccessToken,
            appSecret = AppSecret,
            verifyToken = "verify-token-chosen-by-person",
        }).JsonAsync(201);

        var html = await session.PageAsync(Page);

        Assert.Contains(sandbox.PhoneNumberId, html, StringComparison.Ordinal);
        Assert.Contains("106540352242922", html, StringComparison.Ordinal);
        Assert.Contains("+1 555 0100 2222", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, html, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecret, html, StringComparison.Ordinal);
        Assert.DoesNotContain("verify-token-chosen-by-person", html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.PhoneNumberId, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMetaNumbersHealth_IsShown_AndRefreshReadsItFromMetaAgain()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        var session = await DashboardSession.LoginAsync(_app, number.Tenant.Email, number.Tenant.Password);
        var html = await session.PageAsync(Page);
        Assert.Contains("Quality: GREEN", html, StringComparison.Ordinal);
        Assert.Contains("Messaging limit: TIER_1K", html, StringComparison.Ordinal);

        fixture.Meta.SetHealth(number.PhoneNumberId, "FLAGGED", "RED", "TIER_250");
        var refreshed = await session.SubmitAsync(Page, new() { ["id"] = number.PhoneNumberId }, action: Page + "?handler=Refresh");

        Assert.Equal(HttpStatusCode.Redirect, refreshed.StatusCode);
        html = await session.PageAsync(Page);
        Assert.Contains("Status: FLAGGED", html, StringComparison.Ordinal);
        Assert.Contains("Quality: RED", html, StringComparison.Ordinal);
        Assert.Contains("Messaging limit: TIER_250", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRecipients_AreSaved_AndARefusedOneIsNamedBesideTheField()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        var sandbox = await Sandbox.OfAsync(tenant.Owner);

        var saved = await session.SubmitAsync(Page, new() { ["Edit.NumberId"] = sandbox.PhoneNumberId, ["Edit.Recipients"] = "+1 555 000 1111\n\n15550002222" },
            action: Page + "?handler=Recipients");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var number = await tenant.Owner.GetAsync($"/v1/phone-numbers/{sandbox.PhoneNumberId}").JsonAsync();
        Assert.Equal(["15550001111", "15550002222"], number.GetProperty("testRecipients").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("Test recipients saved.", await session.PageAsync(Page), StringComparison.Ordinal);

        var refused = await session.SubmitAsync(Page, new() { ["Edit.NumberId"] = sandbox.PhoneNumberId, ["Edit.Recipients"] = "15550001111\n12ab" },
            action: Page + "?handler=Recipients");
        await refused.ShouldHaveStatusAsync(200);
        Assert.Matches("data-valmsg-for=\"Edit.Recipients\"[^>]*>&#x201C;12ab&#x201D;: A phone number", await refused.Content.ReadAsStringAsync());
        number = await tenant.Owner.GetAsync($"/v1/phone-numbers/{sandbox.PhoneNumberId}").JsonAsync();
        Assert.Equal(2, number.GetProperty("testRecipients").GetArrayLength());
    }

    [Fact]
    public async Task RegisteringAMetaNumber_ShowsAMadeUpVerifyTokenOnce_AndNeverTheAccessTokenOrAppSecret()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        fixture.Meta.Owns(AccessToken, "206540352242922", "202290129340398");

        var response = await session.SubmitAsync(Page, Registration("206540352242922"), action: Page + "?handler=Register");

        await response.ShouldHaveStatusAsync(200);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var html = await response.Content.ReadAsStringAsync();
        var verifyToken = System.Text.RegularExpressions.Regex.Match(html, "id=\"one-time-secret\">([0-9a-f]{48})<").Groups[1].Value;
        Assert.NotEmpty(verifyToken);
        Assert.DoesNotContain(AccessToken, html, StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecret, html, StringComparison.Ordinal);

        Assert.Contains("206540352242922", await session.PageAsync(Page), StringComparison.Ordinal);
        foreach (var page in new[] { Page, "/dashboard/audit", "/dashboard/integration/webhooks/new", "/dashboard/integration/api-keys/new" })
        {
            var later = await session.PageAsync(page);
            Assert.DoesNotContain(verifyToken, later, StringComparison.Ordinal);
            Assert.DoesNotContain(AccessToken, later, StringComparison.Ordinal);
            Assert.DoesNotContain(AppSecret, later, StringComparison.Ordinal);
        }
        var numbers = await tenant.Owner.GetStringAsync("/v1/phone-numbers", TestContext.Current.CancellationToken);
        Assert.Contains("206540352242922", numbers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedRegistration_ShowsEachErrorBesideItsField_AndDoesNotEchoTheSecretsTyped()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        var fields = Registration("not-digits");
        fields["Register.AppSecret"] = "";
        fields["Register.VerifyToken"] = "short";

        var response = await session.SubmitAsync(Page, fields, action: Page + "?handler=Register");

        await response.ShouldHaveStatusAsync(200);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Register.PhoneNumberId\"[^>]*>Required: Meta&#x27;s id", html);
        Assert.Matches("data-valmsg-for=\"Register.AppSecret\"[^>]*>Required, 1 to 256 characters.", html);
        Assert.Matches("data-valmsg-for=\"Register.VerifyToken\"[^>]*>16 to 128 characters", html);
        Assert.Contains("value=\"+1 555 0100 3333\"", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, html, StringComparison.Ordinal);
        var numbers = await tenant.Owner.GetAsync("/v1/phone-numbers").JsonAsync();
        Assert.Equal(1, numbers.GetArrayLength());
    }

    private static Dictionary<string, string> Registration(string phoneNumberId) => new()
    {
        ["Register.PhoneNumberId"] = phoneNumberId,
        ["Register.WabaId"] = "202290129340398",
        ["Register.DisplayNumber"] = "+1 555 0100 3333",
        ["Register.VerifiedName"] = "Acme",
        ["Register.AccessToken"] = AccessToken,
        ["Register.AppSecret"] = AppSecret,
        ["Register.VerifyToken"] = "",
    };
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class PhoneNumbersPageTestsOnPostgres(PostgresKeygateWithMeta fixture) : PhoneNumbersPageTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
