using Microsoft.Data.Sqlite;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The people and data the dashboard page tests need, each in an account of its own.</summary>
internal static class DashboardPeople
{
    /// <summary>A new tenant account and a dashboard session of its owner.</summary>
    public static async Task<(Tenant Tenant, DashboardSession Session)> NewAccountAsync(KeygateApp app)
    {
        var tenant = await app.NewAccountAsync();
        return (tenant, await DashboardSession.LoginAsync(app, tenant.Email, tenant.Password));
    }

    /// <summary>
    /// A dashboard session of the tenant's owner with a lesser role (3 developer, 4 viewer). There is no API to add a user
    /// with a role yet, so the owner's role is changed in the store, and the person logs in afterwards through the form.
    /// </summary>
    public static async Task<DashboardSession> AsRoleAsync(KeygateApp app, Tenant tenant, int role)
    {
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE Users SET Role = $role WHERE Email = $email";
            command.Parameters.AddWithValue("$role", role);
            command.Parameters.AddWithValue("$email", tenant.Email);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        return await DashboardSession.LoginAsync(app, tenant.Email, tenant.Password);
    }

    /// <summary>Uses a canary key once, and waits for the <c>canary_use</c> alert (stored off the request path); returns its id and key.</summary>
    public static async Task<(string Id, string KeyId)> RaiseAlertAsync(KeygateApp app, HttpClient owner)
    {
        var canary = await app.CreateKeyAsync(new { metadata = new { canary = true } }, by: owner);
        await app.ClientFor(canary).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var items = (await owner.GetAsync($"/v1/alerts?keyId={canary.Id}").JsonAsync()).GetProperty("items");
            if (items.GetArrayLength() > 0)
            {
                return (items[0].GetProperty("id").GetString()!, canary.Id);
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"No canary_use alert for {canary.Id} within 5 s.");
    }
}
