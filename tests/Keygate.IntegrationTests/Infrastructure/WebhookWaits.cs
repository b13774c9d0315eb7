using Keygate.Webhooks;
using Keygate.WhatsApp.Providers;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>Waiting for the webhook an action causes: the sandbox's statuses and the dispatcher both run on the app's fake clock.</summary>
public static class WebhookWaits
{
    /// <summary>How many steps of the clock an event may take to reach a subscriber: a status is at most a few seconds of the sandbox's phone away.</summary>
    private const int MaxSteps = 30;

    /// <summary>
    /// Moves the clock a second at a time, each step awaiting the sandbox phone's pass and the dispatcher's pass it
    /// starts, until a received webhook matches; returns it. (A status the phone tells in one step may reach the
    /// dispatcher only in the next, as both passes start at once.)
    /// </summary>
    public static async Task<ReceivedWebhook> WaitForAsync(this WebhookReceiver receiver, KeygateApp app, Func<ReceivedWebhook, bool> match)
    {
        for (var step = 0; step < MaxSteps; step++)
        {
            if (receiver.Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await app.PhoneAndDispatcherStepAsync();
        }
        throw new Xunit.Sdk.XunitException($"No matching webhook arrived; received: {string.Join(" | ", receiver.Received.Select(r => System.Text.Encoding.UTF8.GetString(r.Body)))}");
    }

    /// <summary>Moves the clock a second and awaits the dispatcher's pass it starts: every delivery due by then has been attempted.</summary>
    internal static Task DispatchAsync(this KeygateApp app) => app.DispatchAsync(TimeSpan.FromSeconds(1));

    /// <summary>Moves the clock by <paramref name="by"/> (a second at least) and awaits the dispatcher's pass the move starts.</summary>
    internal static Task DispatchAsync(this KeygateApp app, TimeSpan by) => app.AdvanceThroughAPassAsync<WebhookDispatcher>(by);

    /// <summary>One second of the sandbox's phone and of the dispatcher: awaits the pass of each that the move starts.</summary>
    internal static Task PhoneAndDispatcherStepAsync(this KeygateApp app) =>
        app.AdvanceThroughPassesAsync(TimeSpan.FromSeconds(1), typeof(SandboxStatusPump), typeof(WebhookDispatcher));

    /// <summary>The status of <paramref name="wamid"/> named <paramref name="status"/>, as a subscriber receives it.</summary>
    public static async Task<JsonElement> StatusAsync(this WebhookReceiver receiver, KeygateApp app, string wamid, string status)
    {
        var received = await receiver.WaitForAsync(app, r => r.Event == "statuses" && StatusOf(r) is var s
            && s.GetProperty("id").GetString() == wamid && s.GetProperty("status").GetString() == status);
        return StatusOf(received);
    }

    /// <summary>The first inbound message a subscriber received for <paramref name="wamid"/>, with the change's value around it.</summary>
    public static async Task<JsonElement> InboundAsync(this WebhookReceiver receiver, KeygateApp app, string wamid)
    {
        var received = await receiver.WaitForAsync(app, r => r.Event == "messages" && ValueOf(r).GetProperty("messages")[0].GetProperty("id").GetString() == wamid);
        return ValueOf(received);
    }

    public static JsonElement ValueOf(ReceivedWebhook received) => received.Json.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");

    private static JsonElement StatusOf(ReceivedWebhook received) => ValueOf(received).GetProperty("statuses")[0];
}
