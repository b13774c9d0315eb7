using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Operations;

/// <summary>
/// <c>deploy/nginx-keygate.conf</c> as docs/OPERATIONS.md runs it: three Keygate nodes on one PostgreSQL and one Redis
/// behind nginx over TLS. Requests reach all three, and keep being answered (reads and writes) once one node is stopped.
/// </summary>
public sealed class NginxTests
{
    private static readonly (string, string) TrustNginx = ("Http:TrustedProxies:0", "127.0.0.1");

    [Fact]
    public async Task ThreeNodesBehindNginx_AllServe_AndTheRestKeepServingWhenOneStops()
    {
        NginxProxy.SkipIfMissing();
        await using var a = KeygateApp.OnPostgres(TrustNginx);
        await using var b = a.Again(TrustNginx);
        await using var c = a.Again(TrustNginx);
        await using var nginx = await NginxProxy.StartAsync(a.BaseAddress, b.BaseAddress, c.BaseAddress);
        var manager = nginx.Client(await a.CreateKeyAsync(new { permissions = new[] { "keys:read", "keys:manage" } }));

        for (var i = 0; i < 12; i++)
        {
            await manager.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        await manager.GetAsync("/metrics").ShouldHaveStatusAsync(404); // each node's own, never through the proxy
        foreach (var node in new[] { a, b, c })
        {
            Assert.True(await KeyRequestsAsync(node) > 0, $"{node.BaseAddress} served nothing through nginx");
        }

        await b.DisposeAsync();
        for (var i = 0; i < 12; i++)
        {
            await manager.GetAsync("/v1/keys").ShouldHaveStatusAsync(200);
            // A write too: nginx passes it on only when the stopped node never received it, which a refused connection shows.
            await manager.PostAsJsonAsync("/v1/keys", new { name = $"behind-nginx-{i}", environment = "production", permissions = new[] { "keys:read" } })
                .ShouldHaveStatusAsync(201);
        }
    }

    /// <summary>Requests that named a key on one node, from its own <c>/metrics</c>.</summary>
    private static async Task<long> KeyRequestsAsync(KeygateApp node)
    {
        var metrics = await node.Anonymous().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        return Regex.Matches(metrics, @"^keygate_requests_total\{[^}]*\} ([0-9]+)", RegexOptions.Multiline)
            .Sum(match => long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
