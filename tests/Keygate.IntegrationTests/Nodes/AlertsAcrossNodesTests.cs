namespace Keygate.IntegrationTests.Nodes;

/// <summary>
/// Misuse seen by three nodes at once is one alert, not one per node: each node's detector raises its own suspicion, and
/// the first node to store the alert opens it for all; the others count as repeats of it. One alert means one webhook.
/// </summary>
public sealed class AlertsAcrossNodesTests(AlertsAcrossNodesTests.LoopbackWebhookNodes nodes) : IClassFixture<AlertsAcrossNodesTests.LoopbackWebhookNodes>
{
    private const int Canaries = 30;

    /// <summary>The nodes deliver webhooks to a receiver on this machine.</summary>
    public sealed class LoopbackWebhookNodes() : ThreeNodes(WebhookApp.LoopbackAllowed);

    [Fact]
    public async Task CanaryKeysUsedOnThreeNodesAtOnce_RaiseOneAlertEach_AnnouncedByOneWebhookEach()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await nodes.A.NewAccountAsync();
        var subscription = await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "alerts" } }).JsonAsync(201);
        var canaries = new List<CreatedKey>();
        for (var i = 0; i < Canaries; i++)
        {
            canaries.Add(await nodes.A.CreateKeyAsync(new { metadata = new { canary = true } }, tenant.Owner));
        }

        // Every canary used on every node at once: each node suspects each key, and the three writers store them side by side.
        var uses = canaries.SelectMany(key => nodes.All.Select(node => node.ClientFor(key)));
        await Task.WhenAll(uses.Select(client => client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200)));
        await Task.WhenAll(nodes.All.Select(node => node.StoreAlertsAsync()));

        Assert.Equal(Canaries, await nodes.A.CountAsync($"""SELECT count(*) FROM "Alerts" WHERE "AccountId" = '{tenant.AccountId}'"""));
        Assert.Equal(Canaries, await nodes.A.CountAsync($"""SELECT count(DISTINCT "KeyId") FROM "Alerts" WHERE "AccountId" = '{tenant.AccountId}'"""));
        var subscriptionId = subscription.GetProperty("id").GetString();
        Assert.Equal(Canaries, await nodes.A.CountAsync($"""SELECT count(*) FROM "WebhookDeliveries" WHERE "SubscriptionId" = '{subscriptionId}'"""));
        // A node whose alert was refused stored the suspicion as a repeat instead: nothing was dropped.
        Assert.All(nodes.All, node => Assert.DoesNotContain(node.Logs.Lines, line => line.Contains("Could not store misuse alert", StringComparison.Ordinal)));
    }
}
