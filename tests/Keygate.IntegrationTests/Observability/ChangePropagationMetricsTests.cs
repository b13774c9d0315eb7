using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using static Keygate.IntegrationTests.Observability.Scrapes;

namespace Keygate.IntegrationTests.Observability;

/// <summary>
/// Two nodes on one Redis and one store: a key revoked on one is timed by the other from the moment it was made to the
/// moment that node heard of it, and counted there once; the node that made the change counts nothing.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class ChangePropagationMetricsTests(RedisServer redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AKeyRevokedOnOneNode_IsTimedByTheNodeThatHearsIt_OnceAndWithoutTheKey()
    {
        await using var origin = KeygateApp.WithRedis(redis);
        await using var other = KeygateApp.WithRedis(redis, origin.DataDirectory);
        var key = await origin.CreateKeyAsync();
        var client = other.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200); // cached there, so only the change can refuse it

        await (await origin.OwnerAsync()).PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await UntilRefusedAsync(client);

        // Heard once, by whichever way came first (pub/sub, or the version check when the announcement was late).
        var metrics = await ScrapeAsync(other.Anonymous());
        var counts = Sample(metrics, $"{MetricsTests.ChangePropagation}_count", "path=\"pubsub\"")
            + Sample(metrics, $"{MetricsTests.ChangePropagation}_count", "path=\"version_check\"");
        Assert.True(counts >= 1, metrics);
        Assert.Matches(Series($"{MetricsTests.ChangePropagation}_sum", "[0-9][0-9.eE+-]*"), metrics);
        foreach (var series in MetricsTests.DashboardSeries().Where(series => series.StartsWith(MetricsTests.ChangePropagation, StringComparison.Ordinal)))
        {
            Assert.Matches(new Regex($"^{series}[{{ ]", RegexOptions.Multiline), metrics);
        }
        AssertNamesNoSecret(metrics, key.Secret, key.Id);
        Assert.DoesNotContain(MetricsTests.ChangePropagation, await ScrapeAsync(origin.Anonymous()), StringComparison.Ordinal);
    }

    /// <summary>Asks until the node refuses the key, with a deadline: the change reaches it within a second.</summary>
    private static async Task UntilRefusedAsync(HttpClient client)
    {
        var since = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync("/v1/whoami");
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return;
            }
            await response.ShouldHaveStatusAsync(200);
            Assert.True(since.Elapsed < Bound, "the revocation did not reach the other node");
        }
    }
}
