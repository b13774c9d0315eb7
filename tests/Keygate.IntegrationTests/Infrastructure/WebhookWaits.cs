namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>Waiting for the webhook an action causes: the sandbox's statuses and the dispatcher both run on the app's fake clock.</summary>
public static class WebhookWaits
{
    /// <summary>Moves the clock a step at a time until a received webhook matches, and returns it.</summary>
    public static async Task<ReceivedWebhook> WaitForAsync(this WebhookReceiver receiver, KeygateApp app, Func<ReceivedWebhook, bool> match)
    {
        for (var step = 0; step < 60; step++)
        {
            if (receiver.Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            app.Clock.Advance(TimeSpan.FromMilliseconds(500));
            for (var poll = 0; poll < 10 && !receiver.Received.Any(match); poll++)
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }
        throw new Xunit.Sdk.XunitException($"No matching webhook arrived; received: {string.Join(" | ", receiver.Received.Select(r => System.Text.Encoding.UTF8.GetString(r.Body)))}");
    }

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
