using System.Text;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests;

/// <summary>Meta calling Keygate: the verification challenge, signed events, duplicates, out-of-order statuses.</summary>
public class MetaWebhookTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private const string PhoneNumberId = "106540352242999";
    private const string WabaId = "102290129340999";
    private const string AppSecret = "meta-app-secret-used-to-sign-events";
    private const string VerifyToken = "verify-token-pasted-into-meta";
    private FakeMeta _meta = null!;
    private KeygateApp _app = null!;
    private HttpClient _reader = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _app = KeygateApp.On(Store, ("Meta:BaseUrl", _meta.Address.ToString()));
        _meta.Owns(FakeMeta.AccessToken, PhoneNumberId, "102290129340999");
        await (await _app.OwnerAsync()).PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = PhoneNumberId,
            wabaId = WabaId,
            displayNumber = "+1 555 012 9999",
            accessToken = FakeMeta.AccessToken,
            appSecret = AppSecret,
            verifyToken = VerifyToken,
        }).ShouldHaveStatusAsync(201);
        _reader = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read", "contacts:read" } }));
    }

    [Fact]
    public async Task VerificationChallenge_IsEchoedForAKnownToken_Only()
    {
        var client = _app.Anonymous();
        var answer = await client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.verify_token={VerifyToken}&hub.challenge=1158201444");
        await answer.ShouldHaveStatusAsync(200);
        Assert.Equal("1158201444", await answer.Content.ReadAsStringAsync());
        await client.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1").ShouldBeProblemAsync(403, "insufficient_permissions");
        await client.GetAsync("/webhooks/meta?hub.mode=unsubscribe").ShouldBeProblemAsync(400, "invalid_request");
    }

    [Fact]
    public async Task ASignedInboundMessage_IsStoredOnce_AndItsSenderBecomesAContact()
    {
        var wamid = "wamid.INBOUND" + Guid.NewGuid().ToString("N");
        var body = Event("messages", new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ana Lima" }, ["wa_id"] = "15550006666" }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = "15550006666",
                ["id"] = wamid,
                ["timestamp"] = Now(),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = "Where is my order?" },
            }),
        });
        await PostSignedAsync(body).ShouldHaveStatusAsync(200);
        await PostSignedAsync(body).ShouldHaveStatusAsync(200);

        // Keygate answers Meta only once the event is stored.
        var stored = await _reader.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.Equal("inbound", stored.GetProperty("direction").GetString());
        Assert.Single(stored.GetProperty("timeline").EnumerateArray());
        var inbound = await _reader.GetAsync("/v1/messages?direction=inbound&recipient=15550006666").JsonAsync();
        Assert.Equal(1, inbound.GetProperty("items").GetArrayLength());
        var contact = await _reader.GetAsync("/v1/contacts?q=15550006666").JsonAsync();
        Assert.Equal("Ana Lima", contact.GetProperty("items")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ABadSignature_IsRefused_AndNothingIsStored()
    {
        var wamid = "wamid.FORGED" + Guid.NewGuid().ToString("N");
        var body = Event("messages", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["from"] = "15550007777", ["id"] = wamid, ["timestamp"] = Now(), ["type"] = "text", ["text"] = new JsonObject { ["body"] = "hi" } }),
        });
        await _app.Anonymous().PostMetaEventAsync(body, "not-the-secret").ShouldBeProblemAsync(401, "invalid_credentials");
        await _app.Anonymous().PostMetaEventAsync(body, appSecret: null).ShouldBeProblemAsync(401, "invalid_credentials");
        await _reader.GetAsync($"/v1/messages/{wamid}").ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task StatusesOutOfOrder_KeepTheFurthestStatus_AndTheWholeTimeline()
    {
        var sent = await _reader.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", new
        {
            messaging_product = "whatsapp",
            to = "15550008888",
            type = "template",
            template = new { name = "anything_meta_knows", language = new { code = "en_US" } },
        }).JsonAsync();
        var wamid = sent.GetProperty("messages")[0].GetProperty("id").GetString()!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await PostSignedAsync(Status(wamid, "read", now + 20)).ShouldHaveStatusAsync(200);
        await PostSignedAsync(Status(wamid, "delivered", now + 10)).ShouldHaveStatusAsync(200);
        await PostSignedAsync(Status(wamid, "delivered", now + 10)).ShouldHaveStatusAsync(200);

        // Keygate answers Meta only once the event is stored.
        var message = await _reader.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        var statuses = message.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
        Assert.Equal(["accepted", "delivered", "read"], statuses);
        Assert.Equal("read", message.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnAddressWithTwentyWrongSignatures_IsRefusedBeforeItsBodyIsRead_WhileSignedEventsNeverCount()
    {
        // Every wrong signature costs an HMAC of the body per registered app secret: an address that keeps sending them is
        // stopped before its body is read. Meta's own events are signed and never count, before a lock or after it.
        var forged = Event("messages", new JsonObject());
        var signed = Status("wamid.UNKNOWN" + Guid.NewGuid().ToString("N"), "delivered", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        for (var i = 0; i < 21; i++)
        {
            await PostSignedAsync(signed).ShouldHaveStatusAsync(200);
            await _app.Anonymous().PostMetaEventAsync(forged, "not-the-secret").ShouldBeProblemAsync(401, "invalid_credentials");
        }

        using var refused = await _app.Anonymous().PostMetaEventAsync(forged, "not-the-secret");
        await refused.ShouldBeProblemAsync(429, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Headers.RetryAfter?.Delta);
        await PostSignedAsync(signed).ShouldBeProblemAsync(429, "rate_limited");

        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        for (var i = 0; i < 25; i++)
        {
            await PostSignedAsync(signed).ShouldHaveStatusAsync(200);
        }
    }

    [Fact]
    public async Task AnUnsignedEventOfAnyShape_IsRefusedBeforeItIsParsed()
    {
        foreach (var body in new[] { """{"entry":[{"changes":[1]}]}""", """{"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"106540352242999"}}}]}]}""", "not json", "" })
        {
            await _app.Anonymous().PostMetaEventAsync(body, appSecret: null).ShouldBeProblemAsync(401, "invalid_credentials");
        }
    }

    [Fact]
    public async Task AChunkedBodyOverTheCap_IsRefusedWith413_ThoughItNamesNoLength()
    {
        var wamid = "wamid.HUGE" + Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes(Event("messages", new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = "15550007777",
                ["id"] = wamid,
                ["timestamp"] = Now(),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = new string('a', 4 * 1024 * 1024) },
            }),
        }));
        // A plain client on the Kestrel port: the factory's own handlers buffer a body to learn its length.
        using var client = new HttpClient { BaseAddress = _app.BaseAddress };
        var response = await client.PostMetaEventAsync(new ChunkedContent(body), body, AppSecret);
        Assert.True(response.RequestMessage!.Headers.TransferEncodingChunked, "The body was not sent chunked.");
        await response.ShouldBeProblemAsync(413, "invalid_request");
        await _reader.GetAsync($"/v1/messages/{wamid}").ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task ASignedStatusWithAHugeTimestamp_IsAccepted_AndStampedWithTheTimeItArrived()
    {
        var wamid = await _reader.SendTemplateAsync(PhoneNumberId);
        var status = MetaWebhookEvents.Event(PhoneNumberId, WabaId, "statuses", new JsonObject
        {
            ["statuses"] = new JsonArray(new JsonObject { ["id"] = wamid, ["status"] = "delivered", ["timestamp"] = "99999999999999999", ["recipient_id"] = "15550008888" }),
        });
        await PostSignedAsync(status).ShouldHaveStatusAsync(200);
        var message = await _reader.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.Equal("delivered", message.GetProperty("status").GetString());
        Assert.True(message.GetProperty("updatedAt").GetDateTime() < DateTime.UtcNow.AddYears(1), message.ToString());
    }

    [Theory]
    [InlineData("message_template_status_update", """{"event":"APPROVED","message_template_id":1689556908129832,"message_template_name":"order_update","message_template_language":"en_US","reason":"NONE"}""")]
    [InlineData("account_update", """{"phone_number":"15550129999","event":"VERIFIED_ACCOUNT"}""")]
    [InlineData("phone_number_quality_update", """{"display_phone_number":"15550129999","event":"FLAGGED","current_limit":"TIER_10K"}""")]
    public async Task ASignedAccountLevelEvent_WithoutAPhoneNumberId_IsAccepted(string field, string value)
    {
        var body = MetaWebhookEvents.AccountEvent(WabaId, field, JsonNode.Parse(value)!.AsObject());
        await PostSignedAsync(body).ShouldHaveStatusAsync(200);
        await _app.Anonymous().PostMetaEventAsync(body, "not-the-secret").ShouldBeProblemAsync(401, "invalid_credentials");
    }

    [Fact]
    public async Task SignedGarbage_IsAnswered2xxOr4xx_NeverA5xx()
    {
        var wamid = await _reader.SendTemplateAsync(PhoneNumberId);
        var nested = string.Concat(Enumerable.Repeat("""{"entry":[""", 5000)) + string.Concat(Enumerable.Repeat("]}", 5000));
        string[] bodies =
        [
            "", "not json", "null", "1", "[]", "\"entry\"", "{", nested,
            """{"entry":[{"changes":[1]}]}""",
            """{"entry":{"changes":[]}}""",
            """{"\uD800":[],"entry":[{"id":"\uDC00","changes":[{"value":{"metadata":{"phone_number_id":"\uD800"}}}]}]}""",
            """{"entry":[null,1,"x",[],{"changes":null},{"changes":[null,{"value":1},{"value":[]},{"value":{"metadata":1}}]}]}""",
            """{"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":106540352242999},"statuses":[{"id":1,"status":2}]}}]}]}""",
            Event("statuses", JsonNode.Parse("""{"statuses":[1,null,{"id":"WAMID","status":"delivered","timestamp":"-99999999999999999999"},{"id":{"x":1},"status":[],"timestamp":1e308,"errors":7}]}""")!.AsObject()),
            Event("statuses", JsonNode.Parse($$"""{"statuses":[{"id":"{{wamid}}","status":"sent","timestamp":"18446744073709551616"},{"id":"{{wamid}}","status":"accepted","timestamp":"-1"}]}""")!.AsObject()),
            Event("messages", JsonNode.Parse("""{"contacts":7,"messages":[1,{"from":7,"id":"wamid.X1234567"},{"from":"+","id":"wamid.X1234568","type":{"a":1}},{"from":"15550001111","id":"wamid.X1234569","type":"text","text":"not an object","timestamp":"1e999"}]}""")!.AsObject()),
            Event("messages", JsonNode.Parse($$"""{"messages":[{"from":"15550001111","id":"wamid.{{new string('x', 5000)}}","type":"{{new string('t', 5000)}}"}]}""")!.AsObject()),
        ];
        foreach (var body in bodies)
        {
            var status = (int)(await PostSignedAsync(body)).StatusCode;
            Assert.True(status is >= 200 and < 500, $"{status} for {body[..Math.Min(body.Length, 200)]}");
        }
    }

    /// <summary>A body sent with chunked transfer encoding: no Content-Length for a server to trust.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private Task<HttpResponseMessage> PostSignedAsync(string body) => _app.Anonymous().PostMetaEventAsync(body, AppSecret);

    private static string Status(string wamid, string status, long at) => MetaWebhookEvents.Status(PhoneNumberId, WabaId, wamid, status, at);

    private static string Event(string field, JsonObject value) => MetaWebhookEvents.Event(PhoneNumberId, WabaId, field, value);

    private static string Now() => MetaWebhookEvents.Now().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaWebhookTestsOnPostgres : MetaWebhookTests
{
    protected override Store Store => Store.PostgreSql;
}
