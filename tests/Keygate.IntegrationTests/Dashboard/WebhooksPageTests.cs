using System.Net;
using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The Webhooks pages: the subscriptions, create with the secret shown once, edit, test, rotate, delete, and the delivery log.</summary>
public class WebhooksPageTests(WebhookApp fixture) : IClassFixture<WebhookApp>
{
    private const string List = "/dashboard/integration/webhooks";
    private const string New = List + "/new";
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task Creating_ShowsTheSecretOnlyInThePostsOwnAnswer_NeverOnALaterPage()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        var sandbox = await Sandbox.OfAsync(tenant.Owner);

        var response = await session.Client.PostAsync(New, new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", DashboardSession.TokenIn(await session.PageAsync(New))),
            new("Form.Url", "https://hooks.example.com/crm"),
            new("Form.Events", "messages"),
            new("Form.Events", "alerts"),
            new("Form.PhoneNumberIds", sandbox.PhoneNumberId),
            new("Form.Description", "CRM"),
        ]));

        await response.ShouldHaveStatusAsync(200);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var html = await response.Content.ReadAsStringAsync();
        var secret = Regex.Match(html, "id=\"one-time-secret\">(whsec_[0-9A-Za-z]{40})<").Groups[1].Value;
        Assert.NotEmpty(secret);
        var created = (await tenant.Owner.GetAsync("/v1/webhooks").JsonAsync()).GetProperty("items").EnumerateArray().Single();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(["messages", "alerts"], created.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(sandbox.PhoneNumberId, created.GetProperty("phoneNumberIds")[0].GetString());

        foreach (var page in new[] { List, $"{List}/{id}", New, "/dashboard/audit" })
        {
            Assert.DoesNotContain(secret, await session.PageAsync(page), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ARefusedCreate_ShowsEachErrorBesideItsField()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);

        var response = await session.SubmitAsync(New, new() { ["Form.Url"] = "ftp://hooks.example.com/crm" });

        await response.ShouldHaveStatusAsync(200);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Form.Url\"[^>]*>An absolute https URL", html);
        Assert.Matches("data-valmsg-for=\"Form.Events\"[^>]*>Required: at least one of", html);
        Assert.Equal(0, (await tenant.Owner.GetAsync("/v1/webhooks").JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task TheList_ShowsTheAccountsSubscriptions_AndNoOtherAccounts()
    {
        var stranger = await _app.NewAccountOwnerAsync();
        await stranger.PostAsJsonAsync("/v1/webhooks", new { url = "https://theirs.example.com/hook", events = new[] { "alerts" } }).JsonAsync(201);
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        var created = await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = "https://ours.example.com/hook", events = new[] { "statuses" }, description = "Billing" }).JsonAsync(201);

        var html = await session.PageAsync(List);

        Assert.Contains("https://ours.example.com/hook", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{List}/{created.GetProperty("id").GetString()}\"", html, StringComparison.Ordinal);
        Assert.Contains("statuses", html, StringComparison.Ordinal);
        Assert.Contains("Billing", html, StringComparison.Ordinal);
        Assert.DoesNotContain(created.GetProperty("secret").GetString()!, html, StringComparison.Ordinal);
        Assert.DoesNotContain("theirs.example.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingTestingRotatingAndDeleting_GoThroughTheApi_AndTheLogShowsTheTestDelivery()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        var created = await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/a", events = new[] { "statuses" } }).JsonAsync(201);
        var id = created.GetProperty("id").GetString()!;
        var page = $"{List}/{id}";

        var test = await session.SubmitAsync(page, [], action: page + "?handler=Test");
        Assert.Equal(HttpStatusCode.Redirect, test.StatusCode);
        var html = await session.PageAsync(page);
        Assert.Contains("Test event queued", html, StringComparison.Ordinal);
        Assert.Contains("<code>test</code>", html, StringComparison.Ordinal);

        var etag = Regex.Match(html, "name=\"Form.ETag\" value=\"([^\"]+)\"").Groups[1].Value;
        var edit = new Dictionary<string, string> { ["Form.ETag"] = WebUtility.HtmlDecode(etag), ["Form.Url"] = "https://hooks.example.com/b", ["Form.Events"] = "alerts", ["Form.Active"] = "false" };
        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitAsync(page, edit)).StatusCode);
        var edited = await tenant.Owner.GetAsync($"/v1/webhooks/{id}").JsonAsync();
        Assert.Equal("https://hooks.example.com/b", edited.GetProperty("url").GetString());
        Assert.Equal("alerts", edited.GetProperty("events")[0].GetString());
        Assert.False(edited.GetProperty("active").GetBoolean());

        var stale = await session.SubmitAsync(page, edit);
        await stale.ShouldHaveStatusAsync(200);
        Assert.Contains("The resource has changed since it was read", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var rotate = await session.SubmitAsync(page, [], action: page + "?handler=Rotate");
        await rotate.ShouldHaveStatusAsync(200);
        Assert.True(rotate.Headers.CacheControl?.NoStore);
        var secret = Regex.Match(await rotate.Content.ReadAsStringAsync(), "id=\"one-time-secret\">(whsec_[0-9A-Za-z]{40})<").Groups[1].Value;
        Assert.NotEmpty(secret);
        Assert.NotEqual(created.GetProperty("secret").GetString(), secret);
        Assert.DoesNotContain(secret, await session.PageAsync(page), StringComparison.Ordinal);

        var delete = await session.SubmitAsync(page, [], action: page + "?handler=Delete");
        Assert.Equal(List, delete.Headers.Location!.OriginalString);
        await tenant.Owner.GetAsync($"/v1/webhooks/{id}").ShouldBeProblemAsync(404, "not_found");
        await session.PageAsync(page, status: 404);
    }

    [Fact]
    public async Task AnotherAccountsWebhook_IsNotFound_AndADeveloperIsForbiddenThePages()
    {
        var stranger = await _app.NewAccountOwnerAsync();
        var theirs = await stranger.PostAsJsonAsync("/v1/webhooks", new { url = "https://theirs.example.com/hook", events = new[] { "alerts" } }).JsonAsync(201);
        var (tenant, session) = await DashboardPeople.NewAccountAsync(_app);
        await session.PageAsync($"{List}/{theirs.GetProperty("id").GetString()}", status: 404);
        session.Dispose();

        using var developer = await DashboardPeople.AsRoleAsync(_app, tenant, "developer");
        await developer.PageAsync(List, status: 403);
        await developer.PageAsync(New, status: 403);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WebhooksPageTestsOnPostgres(PostgresWebhookApp fixture) : WebhooksPageTests(fixture), IClassFixture<PostgresWebhookApp>;
