namespace Keygate.IntegrationTests;

/// <summary>
/// The sandbox answering as Meta does: sends Meta accepts and then fails, statuses priced by category with the caller's
/// callback data, and customers' media, button and interactive replies told to subscribers in Meta's payload. Each test
/// in an account of its own, with a subscriber listening.
/// </summary>
public class SandboxLikeMetaTests(WebhookApp fixture) : IClassFixture<WebhookApp>
{
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task FreeFormOutsideTheWindow_IsAcceptedWithAWamid_ThenFails131047_InTheWebhookAndInHistory()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (sender, sandbox) = await SubscribedSenderAsync(receiver);
        const string stranger = "15557654321";

        var sent = await sender.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(stranger, "hello?")).JsonAsync();
        var wamid = sent.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.", wamid);

        var failed = await receiver.StatusAsync(_app, wamid, "failed");
        var error = failed.GetProperty("errors")[0];
        Assert.Equal(131047, error.GetProperty("code").GetInt32());
        Assert.Equal("Re-engagement message", error.GetProperty("title").GetString());
        Assert.Contains("24 hours", error.GetProperty("error_data").GetProperty("details").GetString());
        Assert.False(failed.TryGetProperty("pricing", out _), "a failed message is not charged");
        Assert.DoesNotContain(receiver.Received, r => r.Event == "statuses" && WebhookWaits.ValueOf(r).GetProperty("statuses")[0].GetProperty("status").GetString() == "sent");

        var stored = await sender.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.Equal("failed", stored.GetProperty("status").GetString());
        Assert.Equal(131047, stored.GetProperty("timeline").EnumerateArray().Last().GetProperty("errors")[0].GetProperty("code").GetInt32());

        // Inside the window the same send is delivered.
        await sandbox.CustomerWritesAsync(sender, from: stranger);
        var inside = (await sender.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(stranger, "now we can talk")).JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;
        await receiver.StatusAsync(_app, inside, "delivered");
    }

    [Fact]
    public async Task MarketingTemplateToAnOptedOutCustomer_IsAccepted_ThenFails131050_ButAUtilityTemplateIsDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (sender, sandbox) = await SubscribedSenderAsync(receiver, "contacts:write", "contacts:read");
        const string customer = "15550004444";
        await sandbox.CustomerWritesAsync(sender, from: customer);
        var contact = (await sender.GetAsync($"/v1/contacts?q={customer}").JsonAsync()).GetProperty("items")[0];
        await sender.PatchJsonAsync($"/v1/contacts/{contact.GetProperty("id").GetString()}", new { optIn = "opted_out" }).ShouldHaveStatusAsync(200);

        var offer = await SendAsync(sender, sandbox, SeasonalOffer(customer));
        var failed = await receiver.StatusAsync(_app, offer, "failed");
        Assert.Equal(131050, failed.GetProperty("errors")[0].GetProperty("code").GetInt32());

        var hello = await SendAsync(sender, sandbox, Sandbox.HelloWorld(customer));
        await receiver.StatusAsync(_app, hello, "delivered");
    }

    [Fact]
    public async Task Statuses_CarryPricingByCategory_TheConversation_AndTheCallbackData()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (sender, sandbox) = await SubscribedSenderAsync(receiver);
        await sandbox.CustomerWritesAsync(sender);

        var offer = await SendAsync(sender, sandbox, SeasonalOffer(Sandbox.Customer, callback: "campaign-42"));
        var text = await SendAsync(sender, sandbox, Sandbox.Text(Sandbox.Customer, "Anything else?"));

        var sent = await receiver.StatusAsync(_app, offer, "sent");
        var pricing = sent.GetProperty("pricing");
        Assert.Equal("marketing", pricing.GetProperty("category").GetString());
        Assert.Equal("PMP", pricing.GetProperty("pricing_model").GetString());
        Assert.True(pricing.GetProperty("billable").GetBoolean());
        Assert.Equal("marketing", sent.GetProperty("conversation").GetProperty("origin").GetProperty("type").GetString());
        Assert.Equal("campaign-42", sent.GetProperty("biz_opaque_callback_data").GetString());
        var read = await receiver.StatusAsync(_app, offer, "read");
        Assert.Equal(sent.GetProperty("conversation").GetProperty("id").GetString(), read.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("campaign-42", read.GetProperty("biz_opaque_callback_data").GetString());

        var service = await receiver.StatusAsync(_app, text, "delivered");
        Assert.Equal("service", service.GetProperty("pricing").GetProperty("category").GetString());
        Assert.False(service.GetProperty("pricing").GetProperty("billable").GetBoolean());
        Assert.False(service.TryGetProperty("biz_opaque_callback_data", out _));
    }

    [Fact]
    public async Task InboundMedia_IsToldWithItsMediaId_WhichTheSandboxServes_AndTheProfileName()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (sender, sandbox) = await SubscribedSenderAsync(receiver, "media:write", "media:read");
        var mediaId = await MediaTests.UploadAsync(sender, sandbox, "image/jpeg");

        var wamid = await InboundAsync(sender, new { phoneNumberId = sandbox.PhoneNumberId, from = "15550007777", profileName = "Ana Lima", type = "image", media = new { id = mediaId, caption = "The broken part" } });
        var value = await receiver.InboundAsync(_app, wamid);
        Assert.Equal("Ana Lima", value.GetProperty("contacts")[0].GetProperty("profile").GetProperty("name").GetString());
        Assert.Equal("15550007777", value.GetProperty("contacts")[0].GetProperty("wa_id").GetString());
        var message = value.GetProperty("messages")[0];
        Assert.Equal("image", message.GetProperty("type").GetString());
        var image = message.GetProperty("image");
        Assert.Equal(mediaId, image.GetProperty("id").GetString());
        Assert.Equal("image/jpeg", image.GetProperty("mime_type").GetString());
        Assert.Equal("The broken part", image.GetProperty("caption").GetString());
        Assert.False(string.IsNullOrEmpty(image.GetProperty("sha256").GetString()));
        await sender.GetAsync($"/v23.0/{mediaId}").ShouldHaveStatusAsync(200);

        await sender.PostAsJsonAsync("/v1/sandbox/inbound", new { phoneNumberId = sandbox.PhoneNumberId, from = "15550007777", type = "video", media = new { id = "123456789" } })
            .ShouldBeProblemAsync(400, "invalid_request");
        await sender.PostAsJsonAsync("/v1/sandbox/inbound", new { phoneNumberId = sandbox.PhoneNumberId, from = "15550007777", type = "fax" })
            .ShouldBeProblemAsync(400, "invalid_request");
    }

    [Fact]
    public async Task ButtonAndInteractiveReplies_ToAMessage_AreToldWithTheirContext()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (sender, sandbox) = await SubscribedSenderAsync(receiver);
        await sandbox.CustomerWritesAsync(sender);
        var template = await SendAsync(sender, sandbox, Sandbox.HelloWorld());

        var button = await InboundAsync(sender, new
        {
            phoneNumberId = sandbox.PhoneNumberId,
            from = Sandbox.Customer,
            type = "button",
            button = new { text = "Stop promotions", payload = "STOP" },
            context = new { id = template },
        });
        var buttonMessage = (await receiver.InboundAsync(_app, button)).GetProperty("messages")[0];
        Assert.Equal("button", buttonMessage.GetProperty("type").GetString());
        Assert.Equal("STOP", buttonMessage.GetProperty("button").GetProperty("payload").GetString());
        Assert.Equal("Stop promotions", buttonMessage.GetProperty("button").GetProperty("text").GetString());
        Assert.Equal(template, buttonMessage.GetProperty("context").GetProperty("id").GetString());
        Assert.Matches("^[0-9]+$", buttonMessage.GetProperty("context").GetProperty("from").GetString()!);

        var replies = new object[]
        {
            new { type = "button_reply", button_reply = new { id = "yes", title = "Yes" } },
            new { type = "list_reply", list_reply = new { id = "r2", title = "Salad", description = "Green" } },
            new { type = "nfm_reply", nfm_reply = new { name = "flow", body = "Sent", response_json = """{"flow_token":"t1","size":"M"}""" } },
        };
        foreach (var reply in replies)
        {
            var wamid = await InboundAsync(sender, new { phoneNumberId = sandbox.PhoneNumberId, from = Sandbox.Customer, type = "interactive", interactive = reply, context = new { id = template } });
            var message = (await receiver.InboundAsync(_app, wamid)).GetProperty("messages")[0];
            Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(reply), message.GetProperty("interactive")), message.GetRawText());
            Assert.Equal(template, message.GetProperty("context").GetProperty("id").GetString());
        }

        var referral = new { source_url = "https://fb.me/ad", source_id = "120", source_type = "ad", headline = "Spring sale", ctwa_clid = "ARAkLk" };
        var fromAd = await InboundAsync(sender, new { phoneNumberId = sandbox.PhoneNumberId, from = Sandbox.Customer, text = "I saw your ad", referral });
        var adMessage = (await receiver.InboundAsync(_app, fromAd)).GetProperty("messages")[0];
        Assert.True(JsonElement.DeepEquals(JsonSerializer.SerializeToElement(referral), adMessage.GetProperty("referral")));
        Assert.False(adMessage.TryGetProperty("context", out _));

        await sender.PostAsJsonAsync("/v1/sandbox/inbound", new { phoneNumberId = sandbox.PhoneNumberId, from = Sandbox.Customer, type = "interactive", interactive = new { type = "button_reply", button_reply = new { id = "yes" } } })
            .ShouldBeProblemAsync(400, "invalid_request");
        await sender.PostAsJsonAsync("/v1/sandbox/inbound", new { phoneNumberId = sandbox.PhoneNumberId, from = Sandbox.Customer, text = "hi", context = new { id = "not-a-wamid" } })
            .ShouldBeProblemAsync(400, "invalid_request");
    }

    /// <summary>
    /// The sandbox's payloads have the shapes of Meta's own examples (<c>Webhooks/MetaExamples</c>, transcribed from Meta's
    /// reference): every field Meta's example has, the sandbox's has, with the same kind of value, and the sandbox
    /// invents no field Meta's example lacks. Values differ (ids, times, names); shapes may not.
    /// </summary>
    [Fact]
    public async Task TheSandboxsPayloads_HaveTheShapesOfMetasExamples()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (sender, sandbox) = await SubscribedSenderAsync(receiver, "media:write", "media:read");
        var mediaId = await MediaTests.UploadAsync(sender, sandbox, "image/jpeg");

        var text = await InboundAsync(sender, new { phoneNumberId = sandbox.PhoneNumberId, from = Sandbox.Customer, profileName = "Sheena Nelson", text = "Hi" });
        AssertSameShape(MetaExample("text-message.json"), await receiver.InboundAsync(_app, text));
        var image = await InboundAsync(sender, new
        {
            phoneNumberId = sandbox.PhoneNumberId,
            from = Sandbox.Customer,
            profileName = "Sheena Nelson",
            type = "image",
            media = new { id = mediaId, caption = "Taj Mahal" },
        });
        AssertSameShape(MetaExample("image-message.json"), await receiver.InboundAsync(_app, image));

        var offer = await SendAsync(sender, sandbox, SeasonalOffer(Sandbox.Customer, callback: "order-1234"));
        var sent = await receiver.StatusAsync(_app, offer, "sent");
        AssertSameShape(MetaExample("status-sent-with-pricing-and-callback-data.json").GetProperty("statuses")[0], sent);
        var reply = await SendAsync(sender, sandbox, Sandbox.Text(Sandbox.Customer, "Anything else?"));
        var delivered = await receiver.StatusAsync(_app, reply, "delivered");
        // A service reply's pricing (the sandbox also tells its conversation, which this example of a free message leaves out).
        var free = MetaExample("status-delivered-free-service.json").GetProperty("statuses")[0].GetProperty("pricing");
        AssertSameShape(free, delivered.GetProperty("pricing"));
        Assert.Equal(free.GetProperty("type").GetString(), delivered.GetProperty("pricing").GetProperty("type").GetString());
    }

    /// <summary>The <c>value</c> of the example's one change.</summary>
    private static JsonElement MetaExample(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Webhooks", "MetaExamples", file))).RootElement
            .GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value");

    private static void AssertSameShape(JsonElement meta, JsonElement sandbox) =>
        Assert.Equal(Shape(meta).Order(StringComparer.Ordinal), Shape(sandbox).Order(StringComparer.Ordinal));

    /// <summary>Every path of the document with the kind of value found there, array items folded into <c>[]</c>.</summary>
    private static HashSet<string> Shape(JsonElement element, string path = "$")
    {
        var shape = new HashSet<string>(StringComparer.Ordinal);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    shape.UnionWith(Shape(property.Value, $"{path}.{property.Name}"));
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    shape.UnionWith(Shape(item, path + "[]"));
                }
                break;
            default:
                shape.Add($"{path}: {(element.ValueKind is JsonValueKind.True or JsonValueKind.False ? "boolean" : element.ValueKind.ToString())}");
                break;
        }
        return shape;
    }

    internal static object SeasonalOffer(string to, string? callback = null) => new
    {
        messaging_product = "whatsapp",
        to,
        type = "template",
        biz_opaque_callback_data = callback,
        template = new
        {
            name = "seasonal_offer",
            language = new { code = "en_US" },
            components = new object[]
            {
                new { type = "header", parameters = new[] { new { type = "text", text = "Ana" } } },
                new { type = "body", parameters = new[] { new { type = "text", text = "SPRING" }, new { type = "text", text = "20%" } } },
            },
        },
    };

    internal static async Task<string> SendAsync(HttpClient sender, Sandbox sandbox, object body) =>
        (await sender.PostAsJsonAsync(sandbox.MessagesPath, body, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }).JsonAsync())
            .GetProperty("messages")[0].GetProperty("id").GetString()!;

    private static async Task<string> InboundAsync(HttpClient sender, object request) =>
        (await sender.PostAsJsonAsync("/v1/sandbox/inbound", request).JsonAsync(201)).GetProperty("id").GetString()!;

    private async Task<(HttpClient Sender, Sandbox Sandbox)> SubscribedSenderAsync(WebhookReceiver receiver, params string[] more)
    {
        var tenant = await _app.NewAccountAsync();
        await tenant.Owner.PostAsJsonAsync("/v1/webhooks", new { url = receiver.Url, events = new[] { "messages", "statuses" } }).JsonAsync(201);
        var sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" }.Concat(more).ToArray() }, by: tenant.Owner));
        return (sender, await Sandbox.OfAsync(tenant.Owner));
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class SandboxLikeMetaTestsOnPostgres(PostgresWebhookApp fixture) : SandboxLikeMetaTests(fixture), IClassFixture<PostgresWebhookApp>;
