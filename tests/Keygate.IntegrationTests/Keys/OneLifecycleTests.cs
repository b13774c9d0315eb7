using System.Net;
using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Keys;

/// <summary>
/// The dashboard and <c>/v1/keys</c> reach the same lifecycle services, so the same change by the same person leaves the
/// same audit entry, whichever door it came through: no field the form sends differently shows up as a change.
/// </summary>
public partial class OneLifecycleTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private static readonly object Settings = new { environment = "production", permissions = new[] { "messages:send" }, labels = new { team = "sales" } };

    [Fact]
    public async Task AnEditSavedFromTheDashboard_IsAuditedAsTheSameEditThroughTheApi()
    {
        var owner = await app.OwnerAsync();
        var viaApi = await app.CreateKeyAsync(Settings);
        var viaDashboard = await app.CreateKeyAsync(Settings);
        using var session = await DashboardSession.LoginAsync(app);

        await owner.PatchJsonAsync($"/v1/keys/{viaApi.Id}", new { misusePolicy = "disable", ipAllowlist = new[] { "203.0.113.0/24" }, labels = new { team = "billing" } })
            .ShouldHaveStatusAsync(200);
        var editPage = $"/dashboard/integration/api-keys/{viaDashboard.Id}/edit";
        var etag = WebUtility.HtmlDecode(ETagField().Match(await session.PageAsync(editPage)).Groups[1].Value);
        var saved = await session.SubmitAsync(editPage, new()
        {
            ["Form.ETag"] = etag,
            ["Form.Name"] = viaDashboard.Json.GetProperty("name").GetString()!,
            ["Form.Preset"] = "send",
            ["Form.Signing"] = "off",
            ["Form.MisusePolicy"] = "disable",
            ["Form.IpAllowlist"] = "203.0.113.0/24",
            ["Form.Labels"] = "team:billing",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        await AssertSameEntryAsync(owner, "key.updated", viaApi.Id, viaDashboard.Id);
    }

    [Fact]
    public async Task ARevocationFromTheDashboard_IsAuditedAsTheSameRevocationThroughTheApi()
    {
        var owner = await app.OwnerAsync();
        var viaApi = await app.CreateKeyAsync(Settings);
        var viaDashboard = await app.CreateKeyAsync(Settings);
        using var session = await DashboardSession.LoginAsync(app);

        await owner.PostAsync($"/v1/keys/{viaApi.Id}/revoke", null).ShouldHaveStatusAsync(200);
        var revokePage = $"/dashboard/integration/api-keys/{viaDashboard.Id}/revoke";
        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitAsync(revokePage, [])).StatusCode);

        await AssertSameEntryAsync(owner, "key.revoked", viaApi.Id, viaDashboard.Id);
    }

    /// <summary>Everything the entry says but where it sits in the chain, when, and which key it is about.</summary>
    private static async Task AssertSameEntryAsync(HttpClient owner, string type, string oneKey, string otherKey)
    {
        var one = await LastEntryAsync(owner, oneKey);
        var other = await LastEntryAsync(owner, otherKey);
        Assert.Equal(type, one.GetProperty("type").GetString());
        foreach (var field in new[] { "type", "eventNumber", "actorType", "actorId", "sourceAddress", "targetType", "changes" })
        {
            Assert.Equal(one.GetProperty(field).GetRawText(), other.GetProperty(field).GetRawText());
        }
    }

    private static async Task<JsonElement> LastEntryAsync(HttpClient owner, string keyId) =>
        (await owner.GetAsync($"/v1/audit?target={keyId}&limit=1").JsonAsync()).GetProperty("items")[0];

    [GeneratedRegex("name=\"Form.ETag\" value=\"([^\"]+)\"")]
    private static partial Regex ETagField();
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class OneLifecycleTestsOnPostgres(PostgresKeygateApp app) : OneLifecycleTests(app), IClassFixture<PostgresKeygateApp>;
