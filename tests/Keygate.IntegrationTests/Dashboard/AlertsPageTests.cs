using System.Net;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The Alerts page: open alerts first, the API's filters, Resolve for those allowed to, one account's alerts only.</summary>
public class AlertsPageTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task OpenAlerts_ComeFirst_WithKindKeyAndDetails_AndResolveMovesOneToTheResolved()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(app);
        var first = await DashboardPeople.RaiseAlertAsync(app, tenant.Owner);
        var second = await DashboardPeople.RaiseAlertAsync(app, tenant.Owner);

        var html = await session.PageAsync("/dashboard/alerts");
        Assert.Contains("canary use", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/dashboard/integration/api-keys/{first.KeyId}\"", html, StringComparison.Ordinal);
        Assert.Contains("address: 127.0.0.1", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(first.KeyId, StringComparison.Ordinal) < html.IndexOf(">Resolved</h2>", StringComparison.Ordinal));

        var resolve = await session.SubmitAsync("/dashboard/alerts", [], action: $"/dashboard/alerts/{first.Id}/resolve");
        Assert.Equal(HttpStatusCode.Redirect, resolve.StatusCode);
        Assert.Equal("/dashboard/alerts", resolve.Headers.Location!.OriginalString);

        html = await session.PageAsync("/dashboard/alerts");
        Assert.Contains("Alert resolved.", html, StringComparison.Ordinal);
        var resolvedHeading = html.IndexOf(">Resolved</h2>", StringComparison.Ordinal);
        Assert.True(html.IndexOf(second.KeyId, StringComparison.Ordinal) < resolvedHeading);
        Assert.True(html.IndexOf(first.KeyId, StringComparison.Ordinal) > resolvedHeading);
        var open = await tenant.Owner.GetAsync($"/v1/alerts?status=open&keyId={first.KeyId}").JsonAsync();
        Assert.Equal(0, open.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Filters_AreTheApis_AndARefusedOneIsShownBesideItsField()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(app);
        var alert = await DashboardPeople.RaiseAlertAsync(app, tenant.Owner);
        var other = await DashboardPeople.RaiseAlertAsync(app, tenant.Owner);

        var byKey = await session.PageAsync($"/dashboard/alerts?status=open&keyId={alert.KeyId}&kind=canary_use");
        Assert.Contains(alert.KeyId, byKey, StringComparison.Ordinal);
        Assert.DoesNotContain(other.KeyId, byKey, StringComparison.Ordinal);
        Assert.DoesNotContain(">Resolved</h2>", byKey, StringComparison.Ordinal);

        var refused = await session.PageAsync("/dashboard/alerts?kind=nonsense");
        Assert.Matches("data-valmsg-for=\"Kind\"[^>]*>Not an alert kind.", refused);
    }

    [Fact]
    public async Task AViewer_SeesTheAlerts_ButNoResolveButton_AndResolvingIsForbidden()
    {
        var tenant = await app.NewAccountAsync();
        var alert = await DashboardPeople.RaiseAlertAsync(app, tenant.Owner);
        using var viewer = await DashboardPeople.AsRoleAsync(app, tenant, "viewer");

        var html = await viewer.PageAsync("/dashboard/alerts");
        Assert.Contains(alert.KeyId, html, StringComparison.Ordinal);
        Assert.DoesNotContain("/resolve", html, StringComparison.Ordinal);

        var response = await viewer.SubmitAsync("/dashboard/alerts", [], action: $"/dashboard/alerts/{alert.Id}/resolve");
        await response.ShouldHaveStatusAsync(403);
        var open = await tenant.Owner.GetAsync($"/v1/alerts?status=open&keyId={alert.KeyId}").JsonAsync();
        Assert.Equal(1, open.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnotherAccountsAlerts_AreNeverShown_AndCannotBeResolvedFromHere()
    {
        var theirs = await DashboardPeople.RaiseAlertAsync(app, await app.NewAccountOwnerAsync());
        var (_, session) = await DashboardPeople.NewAccountAsync(app);

        Assert.DoesNotContain(theirs.KeyId, await session.PageAsync("/dashboard/alerts"), StringComparison.Ordinal);
        var response = await session.SubmitAsync("/dashboard/alerts", [], action: $"/dashboard/alerts/{theirs.Id}/resolve");
        await response.ShouldHaveStatusAsync(404);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AlertsPageTestsOnPostgres(PostgresKeygateApp app) : AlertsPageTests(app), IClassFixture<PostgresKeygateApp>;
