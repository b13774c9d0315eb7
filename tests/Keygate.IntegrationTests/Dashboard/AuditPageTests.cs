namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The Audit page: the account's trail with the API's filters, export links with the same filters, and the chain check.</summary>
public class AuditPageTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task TheTrail_ShowsTheAccountsEntries_WithChanges_ButNeverASecret_NorAnotherAccountsEntries()
    {
        var theirs = await app.CreateKeyAsync(by: await app.NewAccountOwnerAsync());
        var (tenant, session) = await DashboardPeople.NewAccountAsync(app);
        var key = await app.CreateKeyAsync(new { name = "billing-crm" }, by: tenant.Owner);

        var html = await session.PageAsync("/dashboard/audit");

        Assert.Contains("key.created", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/dashboard/integration/api-keys/{key.Id}\"", html, StringComparison.Ordinal);
        Assert.Contains("name: — → billing-crm", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("login.succeeded", html, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, html, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Id, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_NarrowTheTrail_AndTheExportLinksCarryThem()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(app);
        var key = await app.CreateKeyAsync(by: tenant.Owner);
        var other = await app.CreateKeyAsync(by: tenant.Owner);

        var html = await session.PageAsync($"/dashboard/audit?type=key.created&target={key.Id}");
        Assert.Contains(key.Id, html, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Id, html, StringComparison.Ordinal);
        Assert.DoesNotContain("login.succeeded</code>", html, StringComparison.Ordinal);

        var export = $"/v1/audit/export?type=key.created&amp;target={key.Id}&amp;format=csv";
        Assert.Contains($"href=\"{export}\"", html, StringComparison.Ordinal);
        var csv = await session.Client.GetStringAsync(export.Replace("&amp;", "&", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        Assert.Contains(key.Id, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Id, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Secret, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedFilter_IsShownBesideItsField()
    {
        var (_, session) = await DashboardPeople.NewAccountAsync(app);

        var html = await session.PageAsync("/dashboard/audit?from=yesterday");

        Assert.Matches("data-valmsg-for=\"From\"[^>]*>An ISO-8601 time", html);
    }

    [Fact]
    public async Task VerifyChain_ShowsThatTheChainHolds()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(app);
        await app.CreateKeyAsync(by: tenant.Owner);

        var html = await session.PageAsync("/dashboard/audit?verify=true");

        Assert.Matches("The chain holds: all [0-9]+ entries", html);
    }

    [Fact]
    public async Task ADeveloper_WhoMayNotReadTheTrail_IsForbiddenThePage()
    {
        var tenant = await app.NewAccountAsync();
        using var developer = await DashboardPeople.AsRoleAsync(app, tenant, "developer");

        await developer.PageAsync("/dashboard/audit", status: 403);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AuditPageTestsOnPostgres(PostgresKeygateApp app) : AuditPageTests(app), IClassFixture<PostgresKeygateApp>;
