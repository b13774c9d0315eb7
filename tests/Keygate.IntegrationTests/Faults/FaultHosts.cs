namespace Keygate.IntegrationTests.Faults;

/// <summary>
/// Hosts for fault tests: on a PostgreSQL cluster of the test's own (<see cref="PostgresServer.StartPrivate"/>) and, when
/// given, a Redis the test may stop, so stopping either harms no other test.
/// </summary>
public static class FaultHosts
{
    public static KeygateApp On(PostgresServer.Cluster postgres, RedisServer? redis, params (string Key, string Value)[] settings) =>
        KeygateApp.OnDatabase(postgres.NewDatabase(), redis, settings);

    /// <summary>The key's usage totals by outcome, as its account's owner reads them once usage is written.</summary>
    public static async Task<JsonElement> UsageTotalsAsync(this KeygateApp app, CreatedKey key)
    {
        await app.FlushUsageAsync();
        var owner = await app.OwnerAsync();
        return (await owner.GetAsync($"/v1/keys/{key.Id}/usage?granularity=minute").JsonAsync()).GetProperty("totals");
    }
}
