namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The people and data the dashboard page tests need, each in an account of its own.</summary>
internal static class DashboardPeople
{
    /// <summary>
    /// A new tenant account and a dashboard session of its owner, who has replaced the handed-out password through the
    /// API first (so <see cref="Tenant.Owner"/>, the session that changed it, stays logged in beside the dashboard's).
    /// </summary>
    public static async Task<(Tenant Tenant, DashboardSession Session)> NewAccountAsync(KeygateApp app)
    {
        var tenant = await app.NewAccountAsync();
        return (tenant, await DashboardSession.LoginAsync(app, tenant.Email, tenant.Password));
    }

    /// <summary>A dashboard session of a new user of the tenant's account with the given role (developer, viewer), invited by its owner.</summary>
    public static async Task<DashboardSession> AsRoleAsync(KeygateApp app, Tenant tenant, string role)
    {
        var user = await tenant.Owner.InviteAsync(role);
        return await DashboardSession.LoginAsync(app, user.Email, user.Password);
    }

    /// <summary>Uses a canary key once, and awaits the storing of its <c>canary_use</c> alert (stored off the request path); returns its id and key.</summary>
    public static async Task<(string Id, string KeyId)> RaiseAlertAsync(KeygateApp app, HttpClient owner)
    {
        var alert = await app.RaiseCanaryAlertAsync(owner);
        return (alert.Id, alert.Key.Id);
    }
}
