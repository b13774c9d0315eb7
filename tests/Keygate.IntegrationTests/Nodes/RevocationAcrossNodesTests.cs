using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Keygate.Coordination;
using Keygate.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Nodes;

/// <summary>
/// A key revoked on node A is refused by nodes B and C within a second. Each revocation is timed from A's answer to the
/// moment B and C hear of it (their change notifier tells a subscriber the test adds beside the verified-key cache's), and
/// then B and C are asked over HTTP, where they must refuse it at once: they held the key in their caches, which would
/// otherwise keep it a minute.
/// </summary>
public sealed class RevocationAcrossNodesTests(RevocationAcrossNodesTests.SlowCheckNodes nodes, ITestOutputHelper output)
    : IClassFixture<RevocationAcrossNodesTests.SlowCheckNodes>
{
    private const int Revocations = 60;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// B and C read the change log only once a second (the longest interval there is): a revocation heard through that check
    /// alone would wait half a second on average, so a short median tells the pub/sub announcement worked.
    /// </summary>
    public sealed class SlowCheckNodes() : ThreeNodes(("Coordination:Redis:VersionCheckMilliseconds", "1000"));

    [Fact]
    public async Task KeysRevokedOnNodeA_AreHeardAndRefusedByNodesBAndC_WithinASecond()
    {
        var owner = await nodes.A.OwnerAsync();
        var keys = new List<CreatedKey>();
        for (var i = 0; i < Revocations; i++)
        {
            var key = await nodes.A.CreateKeyAsync();
            await nodes.B.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            await nodes.C.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
            keys.Add(key);
        }
        // Each creation was announced too: once B and C have read the log twice since, none of those is still on its way
        // to be mistaken for a revocation.
        var onB = await Hearing.SettledAsync(nodes.B);
        var onC = await Hearing.SettledAsync(nodes.C);

        var fromAnswer = new List<TimeSpan>();
        var fromSend = new List<TimeSpan>();
        foreach (var key in keys)
        {
            var heard = new[] { onB.Expect(key.Id), onC.Expect(key.Id) };
            var sent = Stopwatch.GetTimestamp();
            await owner.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
            var answered = Stopwatch.GetTimestamp();
            foreach (var at in await Task.WhenAll(heard).WaitAsync(5 * Bound, TestContext.Current.CancellationToken))
            {
                // A node may hear of it before A's answer has reached the client: no delay at all, from where a client stands.
                fromAnswer.Add(at < answered ? TimeSpan.Zero : Stopwatch.GetElapsedTime(answered, at));
                fromSend.Add(Stopwatch.GetElapsedTime(sent, at));
            }
            await nodes.B.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_revoked");
            await nodes.C.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_revoked");
        }

        var summary = Summary("from A's answer", fromAnswer) + "; " + Summary("from sending the revoke", fromSend);
        output.WriteLine(summary);
        Assert.All(fromSend, delay => Assert.True(delay < Bound, summary));
        Assert.True(Percentile(fromSend, 0.5) < 100, summary);
    }

    private static double Percentile(List<TimeSpan> delays, double share)
    {
        var sorted = delays.Select(delay => delay.TotalMilliseconds).Order().ToArray();
        return sorted[(int)Math.Ceiling(share * sorted.Length) - 1];
    }

    private static string Summary(string from, List<TimeSpan> delays) => string.Create(CultureInfo.InvariantCulture,
        $"revocation heard by B and C {from} (n={delays.Count}): p50 {Percentile(delays, 0.5):F1} ms, p99 {Percentile(delays, 0.99):F1} ms, max {Percentile(delays, 1):F1} ms");

    /// <summary>When one node hears of a change to each key it is told to expect, by the node's own clock-free timestamp.</summary>
    private sealed class Hearing
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _expected = new(StringComparer.Ordinal);

        private Hearing(KeygateApp node) =>
            node.Services.GetRequiredService<IChangeNotifier>().Subscribe(KeyChangeNotices.Key, keyId =>
            {
                if (_expected.TryGetValue(keyId, out var heard))
                {
                    heard.TrySetResult(Stopwatch.GetTimestamp());
                }
            });

        /// <summary>
        /// Listens on a node that has answered requests already, so the verified-key cache subscribed first and has dropped
        /// the key by the time this hears of it; returns once two of the node's reads of the change log have ended since.
        /// </summary>
        public static async Task<Hearing> SettledAsync(KeygateApp node)
        {
            var hearing = new Hearing(node);
            var log = node.Services.GetRequiredService<RedisChangeNotifier>();
            await log.NextPassAsync().WaitAsync(5 * Bound, TestContext.Current.CancellationToken);
            await log.NextPassAsync().WaitAsync(5 * Bound, TestContext.Current.CancellationToken);
            return hearing;
        }

        /// <summary>Completes with the time the node first hears of a change to the key from now on.</summary>
        public Task<long> Expect(string keyId) =>
            _expected.GetOrAdd(keyId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }
}
