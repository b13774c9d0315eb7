using System.Text;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests;

/// <summary>
/// Sends through a number registered with Meta: the body goes to Meta as the client wrote it (Meta judges what Keygate
/// has no rules for), Meta's answer comes back as Meta gave it, and a send is never made twice, whether Keygate or the
/// client retries. Each test registers a number of its own in an account of its own.
/// </summary>
public class MetaSendsTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private const string Customer = "15550001111";
    private const string Group = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD";
    private const string Flow = """{"messaging_product":"whatsapp","recipient_type":"individual","to":"+15550001111","type":"interactive","interactive":{"type":"flow","header":{"type":"text","text":"Book a table"},"body":{"text":"Pick a time"},"footer":{"text":"Takes a minute"},"action":{"name":"flow","parameters":{"flow_message_version":"3","flow_token":"AQAAAAACS5FpgQ_cAAAAAD0QI3s.","flow_id":"1234567890","flow_cta":"Book!","flow_action":"navigate","flow_action_payload":{"screen":"BOOKING","data":{"party":2}}}}}}""";
    private const string Carousel = """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"summer_carousel","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"}]},{"type":"carousel","cards":[{"card_index":0,"components":[{"type":"header","parameters":[{"type":"image","image":{"id":"1558081531584829"}}]},{"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"more-1"}]}]},{"card_index":1,"components":[{"type":"header","parameters":[{"type":"image","image":{"id":"1558081531584830"}}]},{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"sku-2"}]}]}]}]}}""";
    /// <summary>Past one attempt's time (10 s by default): what the caller waits for Meta before hearing "may have been sent".</summary>
    private static readonly TimeSpan OneAttempt = TimeSpan.FromSeconds(11);

    private readonly KeygateApp _app = fixture.App;

    /// <summary>Payloads from Meta's reference that Keygate's own rules do not know, and need not: Meta judges them.</summary>
    public static TheoryData<string, string> OnlyMetaJudges => new()
    {
        { "flow", Flow },
        { "product", """{"messaging_product":"whatsapp","recipient_type":"individual","to":"15550001111","type":"interactive","interactive":{"type":"product","body":{"text":"Our best seller"},"action":{"catalog_id":"367025965434465","product_retailer_id":"SKU-1"}}}""" },
        { "product_list", """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"product_list","header":{"type":"text","text":"Spring"},"body":{"text":"New arrivals"},"action":{"catalog_id":"367025965434465","sections":[{"title":"Shoes","product_items":[{"product_retailer_id":"SKU-1"},{"product_retailer_id":"SKU-2"}]}]}}}""" },
        { "catalog_message", """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"catalog_message","body":{"text":"Browse our catalog"},"action":{"name":"catalog_message","parameters":{"thumbnail_product_retailer_id":"SKU-1"}}}}""" },
        { "location_request_message", """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"location_request_message","body":{"text":"Where should we pick you up?"},"action":{"name":"send_location"}}}""" },
        { "carousel template", Carousel },
        { "limited-time-offer template", """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"spring_sale","language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/sale.png"}}]},{"type":"limited_time_offer","parameters":[{"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":1209600000}}]},{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"SPRING20"}]}]}}""" },
        { "named parameters", """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"order_ready","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","parameter_name":"customer_name","text":"Ana"},{"type":"text","parameter_name":"order_id","text":"A-17"}]}]}}""" },
        { "group", $$$"""{"messaging_product":"whatsapp","recipient_type":"group","to":"{{{Group}}}","type":"text","text":{"body":"Hello, group"}}""" },
        { "unknown fields", """{"messaging_product":"whatsapp","to":"15550001111","type":"text","text":{"body":"Hi","preview_url":false},"biz_opaque_callback_data":"campaign-42","a_field_meta_adds_next_year":{"x":[1,2]}}""" },
    };

    [Theory]
    [MemberData(nameof(OnlyMetaJudges))]
    public async Task APayloadOnlyMetaJudges_ReachesMetaByteForByte_AndMetasAnswerComesBackUnchanged(string kind, string payload)
    {
        var meta = await MetaNumberAsync();
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } }, by: meta.Owner));
        var wamid = "wamid.PASS" + Guid.NewGuid().ToString("N");
        // Spacing and order no serializer would produce: only a byte-for-byte pass-through keeps them.
        var answer = $$"""{ "messaging_product":"whatsapp" , "contacts":[{"input":"x","wa_id":"15550001111"}],"messages":[{"id":"{{wamid}}","message_status":"accepted"}] }""";
        fixture.Meta.ThenAnswerRaw(200, answer);

        var response = await sender.PostAsync(meta.MessagesPath, Json(payload));

        await response.ShouldHaveStatusAsync(200);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        var received = Assert.Single(ReceivedBy(meta));
        Assert.Equal(payload, received.Body);
        var stored = await sender.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.True(stored.GetProperty("direction").GetString() == "outbound", kind);
    }

    [Fact]
    public async Task ATemplateOnlyKey_IsRefusedAFlowOnAMetaNumber_InMetasEnvelope_AndMetaNeverHearsOfIt()
    {
        var meta = await MetaNumberAsync();
        var templatesOnly = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send-template" } }, by: meta.Owner));

        await templatesOnly.PostAsync(meta.MessagesPath, Json(Flow)).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Empty(ReceivedBy(meta));
        await templatesOnly.PostAsync(meta.MessagesPath, Json(Carousel)).ShouldHaveStatusAsync(200);
        Assert.Single(ReceivedBy(meta));
    }

    [Fact]
    public async Task ASendWhoseFirstAttemptTimesOut_IsDeliveredOnce_AndARetryWithTheSameKeyGetsMetasAnswer()
    {
        var meta = await MetaNumberAsync();
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } }, by: meta.Owner);
        var sender = _app.ClientFor(key);
        var release = fixture.Meta.ThenHoldTheAnswer();

        await fixture.Meta.OutwaitHeldCallAsync(_app, SendAsync(sender, meta, "order-17-shipped"), OneAttempt).ShouldHaveMetaErrorAsync(503, 2, "unavailable");
        await SendAsync(sender, meta, "order-17-shipped").ShouldHaveMetaErrorAsync(409, 2, "request_in_progress");
        release();
        await _app.SendsSettledAsync();

        var retried = await SendAsync(sender, meta, "order-17-shipped").JsonAsync();
        var wamid = retried.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.META", wamid);
        Assert.Single(ReceivedBy(meta));
        var history = await sender.GetAsync($"/v1/messages?keyId={key.Id}").JsonAsync();
        Assert.Equal(wamid, Assert.Single(history.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ASendMetaNeverAnswers_IsGivenUpAtTheSendTimeout_AndItsKeyThenAnswersThatItMayHaveBeenSent()
    {
        var meta = await MetaNumberAsync();
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: meta.Owner));
        var release = fixture.Meta.ThenHoldTheAnswer();
        try
        {
            await fixture.Meta.OutwaitHeldCallAsync(_app, SendAsync(sender, meta, "never-answered"), OneAttempt).ShouldHaveMetaErrorAsync(503, 2, "unavailable");
            _app.Clock.Advance(TimeSpan.FromSeconds(121));
            await _app.SendsSettledAsync();

            var retried = await SendAsync(sender, meta, "never-answered").ShouldHaveMetaErrorAsync(503, 2, "unavailable");
            Assert.Contains("may have been sent", retried.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Single(ReceivedBy(meta));
        }
        finally
        {
            release();
        }
    }

    [Fact]
    public async Task ASendWithoutAKeyThatTimesOut_StillGoesIntoHistory_WhenMetaAnswersLate()
    {
        var meta = await MetaNumberAsync();
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } }, by: meta.Owner);
        var sender = _app.ClientFor(key);
        var release = fixture.Meta.ThenHoldTheAnswer();

        await fixture.Meta.OutwaitHeldCallAsync(_app, SendAsync(sender, meta, idempotencyKey: null), OneAttempt).ShouldHaveMetaErrorAsync(503, 2, "unavailable");
        release();
        await _app.SendsSettledAsync();

        var history = await sender.GetAsync($"/v1/messages?keyId={key.Id}").JsonAsync();
        Assert.StartsWith("wamid.META", Assert.Single(history.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Single(ReceivedBy(meta));
    }

    [Fact]
    public async Task ARetryWithTheSameKey_GetsTheFirstAnswer_WithoutASecondSend_AndTheKeyOnAnotherBodyIs422()
    {
        var meta = await MetaNumberAsync();
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: meta.Owner));

        var first = await SendAsync(sender, meta, "invoice-9");
        var second = await SendAsync(sender, meta, "invoice-9");

        await first.ShouldHaveStatusAsync(200);
        await second.ShouldHaveStatusAsync(200);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(ReceivedBy(meta));
        await SendAsync(sender, meta, "invoice-9", text: "Another message").ShouldHaveMetaErrorAsync(422, 100, "idempotency_key_reused");
        Assert.Single(ReceivedBy(meta));
    }

    [Fact]
    public async Task AnIdempotencyKeyIsTheKeysOwn_AnotherKeyUsingTheSameValueSendsItsOwnMessage()
    {
        var meta = await MetaNumberAsync();
        var one = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: meta.Owner));
        var other = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: meta.Owner));

        var first = await SendAsync(one, meta, "shared-value").JsonAsync();
        var second = await SendAsync(other, meta, "shared-value").JsonAsync();

        Assert.NotEqual(first.GetProperty("messages")[0].GetProperty("id").GetString(), second.GetProperty("messages")[0].GetProperty("id").GetString());
        Assert.Equal(2, ReceivedBy(meta).Count);
    }

    [Fact]
    public async Task AServerErrorOrAThroughputError_IsNotRetried_AndGoesBackAsMetaGaveIt()
    {
        var meta = await MetaNumberAsync();
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: meta.Owner));
        fixture.Meta.ThenAnswer(500);
        fixture.Meta.ThenAnswer(400, metaCode: 130429);

        foreach (var (status, code) in new[] { (500, 1), (400, 130429) })
        {
            var response = await SendAsync(sender, meta, idempotencyKey: null);
            await response.ShouldHaveStatusAsync(status);
            var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
            Assert.Equal(code, error.GetProperty("code").GetInt32());
            Assert.Equal("AFakeTraceId", error.GetProperty("fbtrace_id").GetString());
        }
        Assert.Equal(2, ReceivedBy(meta).Count);
    }

    [Fact]
    public async Task MarkAsReadWithTheTypingIndicator_GoesToMetaAsWritten_AndMarksTheMessageReadInHistory()
    {
        var meta = await MetaNumberAsync();
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } }, by: meta.Owner));
        var inbound = "wamid.INBOUND" + Guid.NewGuid().ToString("N");
        await _app.Anonymous().PostMetaEventAsync(MetaWebhookEvents.Event(meta.PhoneNumberId, meta.WabaId, "messages", new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ana" }, ["wa_id"] = Customer }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = Customer,
                ["id"] = inbound,
                ["timestamp"] = MetaWebhookEvents.Now().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = "text",
                ["text"] = new JsonObject { ["body"] = "Hi" },
            }),
        }), meta.AppSecret).ShouldHaveStatusAsync(200);
        // Keygate answers Meta only once the event is stored.
        Assert.Equal("received", (await sender.GetAsync($"/v1/messages/{inbound}").JsonAsync()).GetProperty("status").GetString());
        var markRead = $$$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{{inbound}}}","typing_indicator":{"type":"text"}}""";
        fixture.Meta.ThenAnswerRaw(200, """{"success": true}""");

        var response = await sender.PostAsync(meta.MessagesPath, Json(markRead));

        await response.ShouldHaveStatusAsync(200);
        Assert.Equal("""{"success": true}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(markRead, Assert.Single(ReceivedBy(meta)).Body);
        Assert.Equal("read", (await sender.GetAsync($"/v1/messages/{inbound}").JsonAsync()).GetProperty("status").GetString());
    }

    private sealed record MetaNumber(HttpClient Owner, string PhoneNumberId, string WabaId, string AppSecret)
    {
        public string MessagesPath => $"/v23.0/{PhoneNumberId}/messages";
    }

    private async Task<MetaNumber> MetaNumberAsync()
    {
        var (number, waba, secret) = (NewId(), NewId(), "app-secret-" + Guid.NewGuid().ToString("N"));
        fixture.Meta.Owns(FakeMeta.AccessToken, number, waba);
        var owner = await _app.NewAccountOwnerAsync();
        await owner.PostAsJsonAsync("/v1/phone-numbers", new { phoneNumberId = number, wabaId = waba, displayNumber = "+1 555 010 0000", accessToken = FakeMeta.AccessToken, appSecret = secret })
            .ShouldHaveStatusAsync(201);
        return new MetaNumber(owner, number, waba, secret);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient sender, MetaNumber meta, string? idempotencyKey, string text = "Your order shipped")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, meta.MessagesPath) { Content = JsonContent.Create(Sandbox.Text(Customer, text)) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return sender.SendAsync(request);
    }

    private List<(string Path, string? Authorization, string Body)> ReceivedBy(MetaNumber meta) =>
        [.. fixture.Meta.Received.Where(r => r.Path == $"/v23.0/{meta.PhoneNumberId}/messages")];

    private static string NewId() => Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaSendsTestsOnPostgres(PostgresKeygateWithMeta fixture) : MetaSendsTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
