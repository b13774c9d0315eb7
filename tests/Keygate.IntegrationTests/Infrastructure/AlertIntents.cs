using Keygate.Misuse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>Misuse alerts are stored off the request path: these await the storing, so a test reads its alert once.</summary>
internal static class AlertIntents
{
    /// <summary>Stores every alert the requests answered so far have raised (and queues their webhooks), as the writer does as they come.</summary>
    public static Task StoreAlertsAsync(this KeygateApp app) =>
        app.Services.GetServices<IHostedService>().OfType<AlertWriter>().Single().FlushAsync()
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    /// <summary>The alerts of <paramref name="kind"/> (all kinds when null) for the key, newest first, once every alert raised so far is stored.</summary>
    public static async Task<JsonElement> StoredAlertsAsync(this KeygateApp app, HttpClient owner, string keyId, string? kind = null)
    {
        await app.StoreAlertsAsync();
        var query = kind is null ? $"keyId={keyId}" : $"keyId={keyId}&kind={kind}";
        return (await owner.GetAsync($"/v1/alerts?{query}").JsonAsync()).GetProperty("items");
    }

    /// <summary>
    /// Uses a canary key of <paramref name="by"/>'s account (the bootstrap owner's when null) once, which raises a
    /// <c>canary_use</c> alert, and awaits its storing (and the queueing of its webhooks); returns the alert's id and the key.
    /// </summary>
    public static async Task<CanaryAlert> RaiseCanaryAlertAsync(this KeygateApp app, HttpClient? by = null)
    {
        var canary = await app.CreateKeyAsync(new { metadata = new { canary = true } }, by);
        await app.ClientFor(canary).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        var items = await app.StoredAlertsAsync(by ?? await app.OwnerAsync(), canary.Id, "canary_use");
        Assert.True(items.GetArrayLength() > 0, $"No canary_use alert for {canary.Id}.");
        return new CanaryAlert(items[0].GetProperty("id").GetString()!, canary);
    }
}

public sealed record CanaryAlert(string Id, CreatedKey Key);
