namespace Keygate.IntegrationTests;

/// <summary>
/// The mark-as-read form on the sandbox: with or without the typing indicator, and, as with Meta, no status event for
/// the customer's message it marks (Meta tells statuses of the business's own messages only).
/// </summary>
public class MarkAsReadTests(WebhookApp fixture) : IClassFixture<WebhookApp>
{
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task MarkingACustomersMessageRead_WithTheTypingIndicator_MarksIt_AndEmitsNoStatusEvent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await _app.NewAccountAsync();
        var subscription = await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "messages", "statuses" } }).JsonAsync(201);
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } }, by: tenant.Owner));
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        var inbound = await sandbox.CustomerWritesAsync(sender);

        var read = await sender.PostAsJsonAsync(sandbox.MessagesPath,
            new { messaging_product = "whatsapp", status = "read", message_id = inbound, typing_indicator = new { type = "text" } }).JsonAsync();

        Assert.True(read.GetProperty("success").GetBoolean());
        Assert.Equal("read", (await sender.GetAsync($"/v1/messages/{inbound}").JsonAsync()).GetProperty("status").GetString());
        // Events are queued in the transaction that stores the change they tell: once the answer came, the queue is complete.
        var queued = (await tenant.Owner.GetAsync($"/v1/webhooks/{subscription.GetProperty("id").GetString()}/deliveries").JsonAsync()).GetProperty("items");
        Assert.Equal(["messages"], queued.EnumerateArray().Select(d => d.GetProperty("eventType").GetString()));
    }

    [Fact]
    public async Task ATypingIndicatorOfAnUnknownType_IsRefusedInMetasEnvelope()
    {
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }));
        var sandbox = await Sandbox.OfAsync(await _app.OwnerAsync());
        var inbound = await sandbox.CustomerWritesAsync(sender);
        await sender.PostAsJsonAsync(sandbox.MessagesPath, new { messaging_product = "whatsapp", status = "read", message_id = inbound, typing_indicator = new { type = "voice" } })
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MarkAsReadTestsOnPostgres(PostgresWebhookApp fixture) : MarkAsReadTests(fixture), IClassFixture<PostgresWebhookApp>;
