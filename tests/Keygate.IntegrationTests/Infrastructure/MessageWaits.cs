using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Infrastructure;

public static class MessageWaits
{
    /// <summary>
    /// Moves the fake clock half a second at a time, each step awaiting the pass of the sandbox's phone it starts (which
    /// stores the statuses then due), until the message reaches the status in history; returns the message.
    /// </summary>
    public static async Task<JsonElement> UntilStatusAsync(this KeygateApp app, HttpClient client, string wamid, string status)
    {
        for (var step = 0; step < 100; step++)
        {
            var message = await client.GetAsync($"/v1/messages/{wamid}").JsonAsync();
            if (message.GetProperty("status").GetString() == status)
            {
                return message;
            }
            await app.AdvanceThroughAPassAsync<SandboxStatusPump>(TimeSpan.FromMilliseconds(500));
        }
        throw new Xunit.Sdk.XunitException($"{wamid} never reached {status}.");
    }

    /// <summary>Completes once every send to Meta in flight has its outcome stored (history, usage, the Idempotency-Key's answer).</summary>
    internal static Task SendsSettledAsync(this KeygateApp app) =>
        app.Services.GetRequiredService<MetaSends>().WhenSettledAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
}
