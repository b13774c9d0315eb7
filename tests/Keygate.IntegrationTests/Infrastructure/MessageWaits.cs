namespace Keygate.IntegrationTests.Infrastructure;

public static class MessageWaits
{
    /// <summary>Moves the fake clock in small steps until the message reaches the status in history (the sandbox plays the phone); returns the message.</summary>
    public static async Task<JsonElement> UntilStatusAsync(this KeygateApp app, HttpClient client, string wamid, string status)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var message = await client.GetAsync($"/v1/messages/{wamid}").JsonAsync();
            if (message.GetProperty("status").GetString() == status)
            {
                return message;
            }
            app.Clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"{wamid} never reached {status}.");
    }
}
