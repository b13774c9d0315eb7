using System.Security.Cryptography;

namespace Keygate.IntegrationTests;

/// <summary>
/// A key bound to some of the account's numbers (<c>phoneNumberIds</c>) reaches only what belongs to them, on
/// every door: templates of their WABAs, media uploaded through them, messages they sent or received. The
/// account has two numbers here: its sandbox and a real (Meta) number; each key is bound to one of them.
/// </summary>
public class NumberBindingTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private const string MetaNumberId = "106540352242933";
    private const string MetaWabaId = "102290129340311";
    private FakeMeta _meta = null!;
    private KeygateApp _app = null!;
    private Sandbox _sandbox = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _app = KeygateApp.On(Store, [("Meta:BaseUrl", _meta.Address.ToString()), .. WebhookApp.LoopbackAllowed]);
        var owner = await _app.OwnerAsync();
        _meta.Owns(FakeMeta.AccessToken, MetaNumberId, MetaWabaId);
        await owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = MetaNumberId,
            wabaId = MetaWabaId,
            displayNumber = "+1 555 012 9999",
            accessToken = FakeMeta.AccessToken,
            appSecret = "meta-app-secret-for-binding-tests",
        }).ShouldHaveStatusAsync(201);
        _sandbox = await Sandbox.OfAsync(owner);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task KeyBoundToOneNumber_CannotListCreateOrDeleteTemplatesOfAnotherNumbersWaba()
    {
        var permissions = new[] { "templates:read", "templates:write" };
        var boundElsewhere = await ClientBoundToAsync(MetaNumberId, permissions);
        var templates = $"/v23.0/{_sandbox.WabaId}/message_templates";

        await boundElsewhere.GetAsync(templates).ShouldBeUnknownObjectAsync();
        await boundElsewhere.PostAsJsonAsync(templates, new
        {
            name = "smuggled",
            language = "en_US",
            category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "Not yours." } },
        }).ShouldBeUnknownObjectAsync();
        await boundElsewhere.DeleteAsync($"{templates}?name=hello_world").ShouldBeUnknownObjectAsync();

        var boundHere = await ClientBoundToAsync(_sandbox.PhoneNumberId, permissions);
        var listed = await boundHere.GetAsync(templates).JsonAsync();
        Assert.Equal(["hello_world", "new_arrivals", "order_confirmation", "order_update", "seasonal_offer", "verification_code"],
            listed.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task KeyBoundToOneNumber_CannotGetDownloadOrDeleteMediaOfAnotherNumber()
    {
        var unbound = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "media:write", "media:read" } }));
        var bytes = RandomNumberGenerator.GetBytes(512);
        var sandboxMedia = await MediaTests.UploadAsync(unbound, _sandbox, "image/png", bytes);
        var boundElsewhere = await ClientBoundToAsync(MetaNumberId, ["media:read", "media:write"]);

        await boundElsewhere.GetAsync($"/v23.0/{sandboxMedia}").ShouldBeUnknownObjectAsync();
        await boundElsewhere.GetAsync($"/v1/media/{sandboxMedia}/download").ShouldBeProblemAsync(404, "not_found");
        await boundElsewhere.DeleteAsync($"/v23.0/{sandboxMedia}").ShouldBeUnknownObjectAsync();

        Assert.Equal(bytes, await (await unbound.GetAsync($"/v1/media/{sandboxMedia}/download")).Content.ReadAsByteArrayAsync());
        var ownMedia = await MediaTests.UploadAsync(boundElsewhere, new Sandbox(MetaNumberId, MetaWabaId), "image/png");
        await boundElsewhere.GetAsync($"/v23.0/{ownMedia}").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task KeyBoundToOneNumber_CannotSendMediaUploadedThroughAnotherNumber()
    {
        var unbound = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "media:write" } }));
        var metaMedia = await MediaTests.UploadAsync(unbound, new Sandbox(MetaNumberId, MetaWabaId), "image/png");
        var boundToSandbox = await ClientBoundToAsync(_sandbox.PhoneNumberId, ["messages:send"]);
        await _sandbox.CustomerWritesAsync(await _app.OwnerAsync());

        await boundToSandbox.PostAsJsonAsync(_sandbox.MessagesPath,
                new { messaging_product = "whatsapp", to = Sandbox.Customer, type = "image", image = new { id = metaMedia } })
            .ShouldHaveMetaErrorAsync(400, 131009, "invalid_request");
    }

    [Fact]
    public async Task KeyBoundToOneNumber_ReadsNoMessagesOfAnotherNumber()
    {
        var owner = await _app.OwnerAsync();
        var inbound = await _sandbox.CustomerWritesAsync(owner);
        var boundElsewhere = await ClientBoundToAsync(MetaNumberId, ["messages:read"]);

        await boundElsewhere.GetAsync($"/v1/messages/{inbound}").ShouldBeProblemAsync(404, "not_found");
        Assert.Equal(0, (await boundElsewhere.GetAsync("/v1/messages").JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await boundElsewhere.GetAsync($"/v1/messages?phoneNumberId={_sandbox.PhoneNumberId}").JsonAsync())
            .GetProperty("items").GetArrayLength());

        var boundHere = await ClientBoundToAsync(_sandbox.PhoneNumberId, ["messages:read"]);
        await boundHere.GetAsync($"/v1/messages/{inbound}").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task KeyBoundToOneNumber_CannotSimulateInboundMessagesOnAnotherNumbersSandbox()
    {
        var boundElsewhere = await ClientBoundToAsync(MetaNumberId, ["messages:send", "messages:read"]);

        await boundElsewhere.PostAsJsonAsync("/v1/sandbox/inbound", new { phoneNumberId = _sandbox.PhoneNumberId, from = Sandbox.Customer, text = "Forged" })
            .ShouldBeProblemAsync(404, "not_found");

        var unbound = await _app.CreateKeyAsync(new { permissions = new[] { "messages:read" } });
        Assert.Equal(0, (await _app.ClientFor(unbound).GetAsync("/v1/messages").JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task KeyBoundToOneNumber_ManagesNoWebhooks_WhichReachEveryNumber()
    {
        // A subscription without numbers carries every number's messages, and its deliveries keep their payloads: a key
        // bound to one number could read the others' traffic there, or point the account's subscription at itself.
        var owner = await _app.OwnerAsync();
        var subscription = (await owner.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/crm", events = new[] { "messages" } })
            .JsonAsync(201)).GetProperty("id").GetString()!;
        var bound = await ClientBoundToAsync(_sandbox.PhoneNumberId, ["webhooks:manage"]);

        await bound.GetAsync("/v1/webhooks").ShouldBeProblemAsync(403, "insufficient_permissions");
        await bound.GetAsync($"/v1/webhooks/{subscription}/deliveries").ShouldBeProblemAsync(403, "insufficient_permissions");
        await bound.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/mine", events = new[] { "messages", "statuses" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
        await bound.PatchJsonAsync($"/v1/webhooks/{subscription}", new { url = "http://127.0.0.1:9/mine" }).ShouldBeProblemAsync(403, "insufficient_permissions");

        var listed = await owner.GetAsync("/v1/webhooks").JsonAsync();
        var only = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal("http://127.0.0.1:9/crm", only.GetProperty("url").GetString());
        var unbound = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "webhooks:manage" } }));
        await unbound.GetAsync($"/v1/webhooks/{subscription}/deliveries").ShouldHaveStatusAsync(200);
    }

    private async Task<HttpClient> ClientBoundToAsync(string phoneNumberId, string[] permissions) =>
        _app.ClientFor(await _app.CreateKeyAsync(new { permissions, phoneNumberIds = new[] { phoneNumberId } }));
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class NumberBindingTestsOnPostgres : NumberBindingTests
{
    protected override Store Store => Store.PostgreSql;
}
