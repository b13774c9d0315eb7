using System.Net;

namespace Keygate.IntegrationTests.Nodes;

/// <summary>
/// Three Keygate nodes on one PostgreSQL database and one Redis keyspace, as a deployment behind a load balancer runs them:
/// <see cref="A"/> on its own database (<see cref="KeygateApp.OnPostgres"/>), <see cref="B"/> and <see cref="C"/> beside it
/// (<see cref="KeygateApp.Again"/>). Each node has its own fake clock; the nodes start when first asked for.
/// The class fixture of the multi-node tests; a class that needs other settings derives one with them.
/// </summary>
public class ThreeNodes : IAsyncDisposable
{
    public ThreeNodes() : this([])
    {
    }

    protected ThreeNodes(params (string Key, string Value)[] settings)
    {
        A = KeygateApp.OnPostgres(settings);
        B = A.Again(settings);
        C = A.Again(settings);
    }

    public KeygateApp A { get; }

    public KeygateApp B { get; }

    public KeygateApp C { get; }

    public KeygateApp[] All => [A, B, C];

    /// <summary>
    /// Sends <paramref name="requests"/> requests by the key at once, to each node in turn, as a load balancer spreads them;
    /// the status of each.
    /// </summary>
    public async Task<HttpStatusCode[]> SpreadAsync(CreatedKey key, int requests)
    {
        var clients = All.Select(node => node.ClientFor(key)).ToArray();
        return await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var response = await clients[i % clients.Length].GetAsync("/v1/whoami", TestContext.Current.CancellationToken);
            return response.StatusCode;
        }));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in All.Reverse())
        {
            await node.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
