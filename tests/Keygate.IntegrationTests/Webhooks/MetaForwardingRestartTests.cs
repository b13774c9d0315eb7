using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests.Webhooks;

/// <summary>
/// What a real number's subscribers are told around the edges: a change Meta was answered for survives a restart
/// before its dispatch, and nothing Keygate records itself (a read mark) is told as if Meta had said it.
/// </summary>
public class MetaForwardingRestartTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private const string PhoneNumberId = MetaForwardingWorld.PhoneNumberId;
    private const string WabaId = MetaForwardingWorld.WabaId;
    private const string AppSecret = MetaForwardingWorld.AppSecret;
    private FakeMeta _meta = null!;
    private KeygateApp? _host;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _meta.Owns(FakeMeta.AccessToken, PhoneNumberId, WabaId);
        _receiver = await WebhookReceiver.StartAsync();
    }

    [Fact]
    public async Task AChangeMetaWasAnsweredFor_IsDelivered_AfterARestartThatCameBeforeItsDispatch()
    {
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Webhooks", "MetaExamples", "text-message-from-click-to-whatsapp-ad.json"),
            TestContext.Current.CancellationToken);
        await using (var first = Start())
        {
            var owner = await RegisterAsync(first);
            await owner.PostAsJsonAsync("/v1/webhooks", new { url = _receiver.Url, events = new[] { "messages" } }).ShouldHaveStatusAsync(201);
            await first.Anonymous().PostMetaEventAsync(body, AppSecret).ShouldHaveStatusAsync(200);
            // The clock never moved, so the dispatcher never ran: the change exists only in the store.
        }
        Assert.Empty(_receiver.Received);

        await using var restarted = Start();
        await restarted.DispatchAsync();
        var received = Assert.Single(_receiver.Received);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse(received.Body)), Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task MarkingACustomersMessageRead_TellsTheNumbersSubscribersNoStatus()
    {
        await using var app = Start();
        var owner = await RegisterAsync(app);
        var statuses = await owner.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/statuses", events = new[] { "statuses" } }).JsonAsync(201);
        var wamid = "wamid.READMARK" + Guid.NewGuid().ToString("N");
        var inbound = MetaWebhookEvents.Event(PhoneNumberId, WabaId, "messages", new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ana Lima" }, ["wa_id"] = "15550006666" }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = "15550006666",
                ["id"] = wamid,
                ["timestamp"] = MetaWebhookEvents.Now().ToString(CultureInfo.InvariantCulture),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = "Where is my order?" },
            }),
        });
        await app.Anonymous().PostMetaEventAsync(inbound, AppSecret).ShouldHaveStatusAsync(200);
        var sender = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: owner));

        await sender.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", new { messaging_product = "whatsapp", status = "read", message_id = wamid }).ShouldHaveStatusAsync(200);

        // A status would have been queued with the read mark it told, before the answer above.
        var log = await owner.GetAsync($"/v1/webhooks/{statuses.GetProperty("id").GetString()}/deliveries").JsonAsync();
        Assert.Equal(0, log.GetProperty("items").GetArrayLength());
    }

    /// <summary>A host on the class's store; from the second call on, the first one again (restarted once it was stopped).</summary>
    private KeygateApp Start()
    {
        (string, string)[] settings = [("Meta:BaseUrl", _meta.Address.ToString()), .. WebhookApp.LoopbackAllowed];
        return _host = _host is null ? KeygateApp.On(Store, settings) : _host.Again(settings);
    }

    private static async Task<HttpClient> RegisterAsync(KeygateApp app)
    {
        var owner = await app.OwnerAsync();
        await owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = PhoneNumberId,
            wabaId = WabaId,
            displayNumber = "+1 555 078 3881",
            accessToken = FakeMeta.AccessToken,
            appSecret = AppSecret,
            verifyToken = "verify-token-of-the-restart-tests",
        }).ShouldHaveStatusAsync(201);
        return owner;
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaForwardingRestartTestsOnPostgres : MetaForwardingRestartTests
{
    protected override Store Store => Store.PostgreSql;
}
