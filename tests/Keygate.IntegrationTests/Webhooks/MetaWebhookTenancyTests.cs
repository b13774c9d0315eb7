using System.Text.Json.Nodes;
using Keygate.Webhooks;

namespace Keygate.IntegrationTests;

/// <summary>
/// Two tenants, each with its own Meta number and app secret: an event signed with one tenant's secret
/// changes only that tenant's messages, contacts and subscriptions, whatever ids its body names.
/// </summary>
public class MetaWebhookTenancyTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private FakeMeta _meta = null!;
    private KeygateApp _app = null!;
    private MetaTenant _a = null!;
    private MetaTenant _b = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _app = KeygateApp.On(Store, [("Meta:BaseUrl", _meta.Address.ToString()), .. WebhookApp.LoopbackAllowed]);
        _a = await RegisterAsync("106540352241111", "102290129341111", "tenant-a-app-secret");
        _b = await RegisterAsync("106540352242222", "102290129342222", "tenant-b-app-secret");
    }

    [Fact]
    public async Task StatusEvent_SignedByAnotherTenantsNumber_LeavesItsMessagesAlone()
    {
        var wamid = await _b.Client.SendTemplateAsync(_b.PhoneNumberId);
        var subscription = await _b.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/b", events = new[] { "statuses" } }).JsonAsync(201);
        var forged = MetaWebhookEvents.Status(_a.PhoneNumberId, _a.WabaId, wamid, "failed", MetaWebhookEvents.Now(),
            new JsonArray(new JsonObject { ["code"] = 131026, ["title"] = "forged by tenant A" }));

        await _app.Anonymous().PostMetaEventAsync(forged, _a.AppSecret).ShouldHaveStatusAsync(200);

        var message = await _b.Client.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.Equal("accepted", message.GetProperty("status").GetString());
        Assert.DoesNotContain("forged by tenant A", message.ToString(), StringComparison.Ordinal);
        // The same status signed by B's own number does apply: the refusal above was about who signed, not what.
        var genuine = MetaWebhookEvents.Status(_b.PhoneNumberId, _b.WabaId, wamid, "delivered", MetaWebhookEvents.Now());
        await _app.Anonymous().PostMetaEventAsync(genuine, _b.AppSecret).ShouldHaveStatusAsync(200);
        Assert.Equal("delivered", (await _b.Client.GetAsync($"/v1/messages/{wamid}").JsonAsync()).GetProperty("status").GetString());
        // Events are queued in the same transaction as the status they tell, so both answers above are final.
        var deliveries = await _b.Client.GetAsync($"/v1/webhooks/{subscription.GetProperty("id").GetString()}/deliveries").JsonAsync();
        var told = deliveries.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("payload").ToString()).ToList();
        Assert.Single(told);
        Assert.DoesNotContain("failed", told[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_NamingAnotherTenantsNumber_IsNotAppliedToIt()
    {
        var wamid = "wamid.PLANTED" + Guid.NewGuid().ToString("N");
        var planted = MetaWebhookEvents.Event(_b.PhoneNumberId, _b.WabaId, "messages", new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Planted" }, ["wa_id"] = "15550004444" }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = "15550004444",
                ["id"] = wamid,
                ["timestamp"] = MetaWebhookEvents.Now().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = "planted by tenant A" },
            }),
        });

        var status = (int)(await _app.Anonymous().PostMetaEventAsync(planted, _a.AppSecret)).StatusCode;

        Assert.True(status is 200 or 401, $"answered {status}");
        await _b.Client.GetAsync($"/v1/messages/{wamid}").ShouldBeProblemAsync(404, "not_found");
        await _a.Client.GetAsync($"/v1/messages/{wamid}").ShouldBeProblemAsync(404, "not_found");
        var contacts = await _b.Client.GetAsync("/v1/contacts?q=15550004444").JsonAsync();
        Assert.Equal(0, contacts.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AccountLevelEvents_ReachOnlyTheSigningTenantsSubscribers_AndOnlyForItsOwnWaba()
    {
        var a = await SubscribeToEverythingAsync(_a);
        var b = await SubscribeToEverythingAsync(_b);

        // Signed by A: about A's WABA, about B's WABA, and a message naming B's number.
        await _app.Anonymous().PostMetaEventAsync(TemplateApproved(_a.WabaId, "a_own_template"), _a.AppSecret).ShouldHaveStatusAsync(200);
        await _app.Anonymous().PostMetaEventAsync(TemplateApproved(_b.WabaId, "a_names_b_waba"), _a.AppSecret).ShouldHaveStatusAsync(200);
        var planted = MetaWebhookEvents.Event(_b.PhoneNumberId, _b.WabaId, "messages", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["from"] = "15550004444", ["id"] = "wamid.PLANTEDFORB" + Guid.NewGuid().ToString("N"), ["type"] = "text", ["text"] = new JsonObject { ["body"] = "planted" } }),
        });
        await _app.Anonymous().PostMetaEventAsync(planted, _a.AppSecret).ShouldHaveStatusAsync(200);
        // Signed by B, about B's WABA: the one B's subscribers hear of.
        await _app.Anonymous().PostMetaEventAsync(TemplateApproved(_b.WabaId, "b_own_template"), _b.AppSecret).ShouldHaveStatusAsync(200);

        // Deliveries are stored before Meta is answered, so the logs are final.
        Assert.Equal(["a_own_template"], await ToldAsync(_a, a));
        Assert.Equal(["b_own_template"], await ToldAsync(_b, b));
    }

    private static string TemplateApproved(string wabaId, string name) => MetaWebhookEvents.AccountEvent(wabaId, "message_template_status_update", new JsonObject
    {
        ["event"] = "APPROVED",
        ["message_template_id"] = 1689556908129832,
        ["message_template_name"] = name,
        ["message_template_language"] = "en_US",
        ["reason"] = "NONE",
    });

    private static async Task<string> SubscribeToEverythingAsync(MetaTenant tenant) =>
        (await tenant.Client.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/" + tenant.PhoneNumberId, events = WebhookEvents.Subscribable }).JsonAsync(201))
            .GetProperty("id").GetString()!;

    /// <summary>What the subscription's log holds: each delivery's template name, or its whole payload when it has none.</summary>
    private static async Task<List<string>> ToldAsync(MetaTenant tenant, string subscriptionId)
    {
        var log = await tenant.Client.GetAsync($"/v1/webhooks/{subscriptionId}/deliveries").JsonAsync();
        return [.. log.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("payload").GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value"))
            .Select(v => v.TryGetProperty("message_template_name", out var name) ? name.GetString()! : v.ToString())];
    }

    private async Task<MetaTenant> RegisterAsync(string phoneNumberId, string wabaId, string appSecret)
    {
        var owner = (await _app.NewAccountAsync()).Owner;
        _meta.Owns(FakeMeta.AccessToken, phoneNumberId, wabaId);
        await owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId,
            wabaId,
            displayNumber = "+1 555 012 " + phoneNumberId[^4..],
            accessToken = FakeMeta.AccessToken,
            appSecret,
            verifyToken = "verify-" + phoneNumberId,
        }).ShouldHaveStatusAsync(201);
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read", "contacts:read", "webhooks:manage" } }, by: owner);
        return new MetaTenant(phoneNumberId, wabaId, appSecret, _app.ClientFor(key));
    }

    private sealed record MetaTenant(string PhoneNumberId, string WabaId, string AppSecret, HttpClient Client);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaWebhookTenancyTestsOnPostgres : MetaWebhookTenancyTests
{
    protected override Store Store => Store.PostgreSql;
}
