using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>What the dashboard's forms carry (passwords, new secrets, one-time passwords) reaches no log line and no audit record.</summary>
public partial class DashboardSecretLeakTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    [Fact]
    public async Task EveryFormThatHandlesASecret_LeavesItInNoLogLineAndNoAuditExport()
    {
        await using var app = KeygateApp.On(Store);
        using var session = await DashboardSession.LoginAsync(app);
        var sensitive = new List<string> { KeygateApp.AdminPassword };

        var created = await session.SubmitAsync("/dashboard/integration/api-keys/new",
            new() { ["Form.Name"] = "leak-check", ["Form.Environment"] = "production", ["Form.Preset"] = "send" });
        var createdHtml = await created.Content.ReadAsStringAsync();
        var keyId = Revealed("api-key", createdHtml);
        sensitive.Add(Revealed("api-secret", createdHtml));

        var rotated = await session.SubmitAsync($"/dashboard/integration/api-keys/{keyId}/rotate", new() { ["GracePeriodSeconds"] = "0" });
        sensitive.Add(Revealed("api-secret", await rotated.Content.ReadAsStringAsync()));

        var invited = await session.SubmitAsync("/dashboard/users", new() { ["Invite.Email"] = "leak-invitee@tenant.test", ["Invite.Role"] = "viewer" },
            action: "/dashboard/users?handler=Invite");
        var oneTime = Revealed("one-time-password", await invited.Content.ReadAsStringAsync());
        sensitive.Add(oneTime);
        using var invitee = await DashboardSession.LoginAsync(app, "leak-invitee@tenant.test", oneTime);
        sensitive.Add(DashboardSession.OwnPassword(oneTime));
        var cookies = session.CookieValues();
        Assert.Contains(cookies, c => c.Length > 50); // the session ticket, not only the antiforgery cookie
        sensitive.AddRange(cookies);

        var audit = await (await app.OwnerAsync()).GetStringAsync("/v1/audit/export?format=jsonl", TestContext.Current.CancellationToken);
        Assert.Contains(keyId, audit, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, line => line.Contains("/dashboard/integration/api-keys/new", StringComparison.Ordinal));
        foreach (var value in sensitive)
        {
            var leaked = app.Logs.Lines.FirstOrDefault(line => line.Contains(value, StringComparison.Ordinal));
            Assert.True(leaked is null, $"A sensitive value appeared in a log line: {leaked}");
            Assert.DoesNotContain(value, audit, StringComparison.Ordinal);
        }
    }

    private static string Revealed(string id, string html) =>
        Secret().Matches(html).FirstOrDefault(m => m.Groups[1].Value == id)?.Groups[2].Value.Trim()
        ?? throw new InvalidOperationException($"The page shows no #{id}.");

    [GeneratedRegex("id=\"([a-z-]+)\">([^<]+)<")]
    private static partial Regex Secret();
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class DashboardSecretLeakTestsOnPostgres : DashboardSecretLeakTests
{
    protected override Store Store => Store.PostgreSql;
}
