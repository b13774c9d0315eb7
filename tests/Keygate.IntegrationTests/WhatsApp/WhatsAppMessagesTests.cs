using System.Text;

namespace Keygate.IntegrationTests;

/// <summary>Sending through the sandbox with real keys, in Cloud API shapes, and reading it back from history.</summary>
public class WhatsAppMessagesTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private static readonly string[] Sender = ["messages:send", "messages:read"];

    public static TheoryData<string, string> EveryType => new()
    {
        { "text", """{"body":"Hi there","preview_url":false}""" },
        { "image", """{"link":"https://example.com/cat.jpg","caption":"A cat"}""" },
        { "document", """{"id":"{uploaded}","filename":"invoice.pdf"}""" },
        { "audio", """{"link":"https://example.com/voice.ogg"}""" },
        { "video", """{"link":"https://example.com/clip.mp4","caption":"Clip"}""" },
        { "sticker", """{"id":"{uploaded}"}""" },
        { "location", """{"latitude":52.37,"longitude":4.89,"name":"Office","address":"Main street 1"}""" },
        { "contacts", """[{"name":{"formatted_name":"Ana Lima","first_name":"Ana"},"phones":[{"phone":"+15550002222","type":"WORK"}]}]""" },
        { "interactive", """{"type":"button","body":{"text":"Pick one"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}},{"type":"reply","reply":{"id":"no","title":"No"}}]}}""" },
        { "interactive", """{"type":"list","body":{"text":"Menu"},"action":{"button":"Choose","sections":[{"title":"Mains","rows":[{"id":"r1","title":"Soup"},{"id":"r2","title":"Salad"}]}]}}""" },
        { "interactive", """{"type":"cta_url","body":{"text":"See it"},"action":{"name":"cta_url","parameters":{"display_text":"Open","url":"https://example.com"}}}""" },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public async Task EveryMessageType_IsSentThroughTheSandbox_AndReadBackFromHistory(string type, string content)
    {
        var (client, key, sandbox) = await SenderAsync(["messages:send", "messages:read", "media:write"]);
        await sandbox.CustomerWritesAsync(client);
        if (content.Contains("{uploaded}", StringComparison.Ordinal))
        {
            content = content.Replace("{uploaded}", await MediaTests.UploadAsync(client, sandbox, type == "sticker" ? "image/webp" : "application/pdf"), StringComparison.Ordinal);
        }
        var body = $$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"+{{Sandbox.Customer}}","type":"{{type}}","{{type}}":{{content}}}""";
        var sent = await client.PostAsync(sandbox.MessagesPath, Json(body)).JsonAsync();
        Assert.Equal("whatsapp", sent.GetProperty("messaging_product").GetString());
        Assert.Equal(Sandbox.Customer, sent.GetProperty("contacts")[0].GetProperty("wa_id").GetString());
        var wamid = sent.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.", wamid);

        var stored = await client.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.Equal(type, stored.GetProperty("type").GetString());
        Assert.Equal(key.Id, stored.GetProperty("keyId").GetString());
        Assert.Equal(JsonDocument.Parse(content).RootElement.GetRawText(), stored.GetProperty("content").GetRawText());
    }

    [Fact]
    public async Task ATemplateAndAReactionAndAReply_AreSent()
    {
        var (client, _, sandbox) = await SenderAsync();
        var inbound = await sandbox.CustomerWritesAsync(client);
        var template = await client.PostAsJsonAsync(sandbox.MessagesPath, new
        {
            messaging_product = "whatsapp",
            to = Sandbox.Customer,
            type = "template",
            template = new
            {
                name = "order_update",
                language = new { code = "en_US" },
                components = new object[]
                {
                    new { type = "body", parameters = new[] { new { type = "text", text = "Ana" }, new { type = "text", text = "A-17" } } },
                    new { type = "button", sub_type = "url", index = 0, parameters = new[] { new { type = "text", text = "A-17" } } },
                },
            },
        }).JsonAsync();
        Assert.Equal("accepted", template.GetProperty("messages")[0].GetProperty("message_status").GetString());

        await client.PostAsJsonAsync(sandbox.MessagesPath, new { messaging_product = "whatsapp", to = Sandbox.Customer, type = "reaction", reaction = new { message_id = inbound, emoji = "👍" } })
            .ShouldHaveStatusAsync(200);
        var reply = await client.PostAsJsonAsync(sandbox.MessagesPath, new { messaging_product = "whatsapp", to = Sandbox.Customer, type = "text", context = new { message_id = inbound }, text = new { body = "Thanks!" } })
            .JsonAsync();
        Assert.StartsWith("wamid.", reply.GetProperty("messages")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task StatusTimeline_GoesSentDeliveredRead_OrFailedWithMetasError()
    {
        var (client, _, sandbox) = await SenderAsync();
        await sandbox.CustomerWritesAsync(client);
        await sandbox.CustomerWritesAsync(client, from: "15550000000");
        var delivered = await SendTextAsync(client, sandbox, Sandbox.Customer);
        var failed = await SendTextAsync(client, sandbox, "15550000000");

        await AdvanceUntilAsync(client, delivered, "read");
        var timeline = (await client.GetAsync($"/v1/messages/{delivered}").JsonAsync()).GetProperty("timeline");
        Assert.Equal(["accepted", "sent", "delivered", "read"], timeline.EnumerateArray().Select(s => s.GetProperty("status").GetString()));

        var failure = await AdvanceUntilAsync(client, failed, "failed");
        var error = failure.GetProperty("timeline").EnumerateArray().Last().GetProperty("errors")[0];
        Assert.Equal(131026, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task MarkAsRead_MarksAnInboundMessage()
    {
        var (client, _, sandbox) = await SenderAsync();
        var inbound = await sandbox.CustomerWritesAsync(client);
        var read = await client.PostAsJsonAsync(sandbox.MessagesPath, new { messaging_product = "whatsapp", status = "read", message_id = inbound }).JsonAsync();
        Assert.True(read.GetProperty("success").GetBoolean());
        await AdvanceUntilAsync(client, inbound, "read");
        await client.PostAsJsonAsync(sandbox.MessagesPath, new { messaging_product = "whatsapp", status = "read", message_id = "wamid.unknown" })
            .ShouldHaveMetaErrorAsync(404, 100, "not_found");
    }

    [Fact]
    public async Task History_FiltersByKeyRecipientAndStatus()
    {
        var (client, key, sandbox) = await SenderAsync();
        await sandbox.CustomerWritesAsync(client, from: "15550003333");
        var wamid = await SendTextAsync(client, sandbox, "15550003333");
        var byKey = await client.GetAsync($"/v1/messages?keyId={key.Id}&recipient=%2B15550003333&direction=outbound").JsonAsync();
        Assert.Equal(wamid, byKey.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(1, byKey.GetProperty("items").GetArrayLength());
        await client.GetAsync("/v1/messages?status=lost").ShouldBeProblemAsync(400, "invalid_request");
        await client.GetAsync("/v1/messages/wamid.nope").ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task Templates_AreListedInMetasShape_WithFiltersAndPaging()
    {
        var (client, _, sandbox) = await SenderAsync(["templates:read"]);
        var all = await client.GetAsync($"/v23.0/{sandbox.WabaId}/message_templates").JsonAsync();
        Assert.Equal(6, all.GetProperty("data").GetArrayLength());
        var named = await client.GetAsync($"/v23.0/{sandbox.WabaId}/message_templates?name=order_up").JsonAsync();
        Assert.Equal("order_update", named.GetProperty("data")[0].GetProperty("name").GetString());

        var first = await client.GetAsync($"/v23.0/{sandbox.WabaId}/message_templates?limit=3").JsonAsync();
        var after = first.GetProperty("paging").GetProperty("cursors").GetProperty("after").GetString();
        var second = await client.GetAsync($"/v23.0/{sandbox.WabaId}/message_templates?limit=3&after={after}").JsonAsync();
        Assert.Equal(3, second.GetProperty("data").GetArrayLength());
        await client.GetAsync("/v23.0/999999999999999/message_templates").ShouldBeUnknownObjectAsync();
    }

    [Fact]
    public async Task SandboxTemplates_CanBeCreatedUsedAndDeleted()
    {
        var (client, _, sandbox) = await SenderAsync(["templates:read", "templates:write", "messages:send"]);
        var templates = $"/v23.0/{sandbox.WabaId}/message_templates";
        var created = await client.PostAsJsonAsync(templates, new
        {
            name = "appointment_reminder",
            language = "en_US",
            category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "See you on {{1}} at {{2}}." } },
        }).JsonAsync();
        Assert.Equal("APPROVED", created.GetProperty("status").GetString());
        await client.PostAsJsonAsync(templates, new { name = "appointment_reminder", language = "en_US", category = "UTILITY", components = new object[] { new { type = "BODY", text = "again" } } })
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        await client.PostAsJsonAsync(templates, new { name = "Bad Name", language = "en_US", category = "UTILITY", components = Array.Empty<object>() })
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");

        object Reminder(int parameters) => new
        {
            messaging_product = "whatsapp",
            to = Sandbox.Customer,
            type = "template",
            template = new
            {
                name = "appointment_reminder",
                language = new { code = "en_US" },
                components = new[] { new { type = "body", parameters = Enumerable.Range(0, parameters).Select(i => new { type = "text", text = $"p{i}" }).ToArray() } },
            },
        };
        await client.PostAsJsonAsync(sandbox.MessagesPath, Reminder(2)).ShouldHaveStatusAsync(200);
        await client.PostAsJsonAsync(sandbox.MessagesPath, Reminder(1)).ShouldHaveMetaErrorAsync(400, 132000, "invalid_request");

        var deleted = await client.DeleteAsync($"{templates}?name=appointment_reminder").JsonAsync();
        Assert.True(deleted.GetProperty("success").GetBoolean());
        await client.PostAsJsonAsync(sandbox.MessagesPath, Reminder(2)).ShouldHaveMetaErrorAsync(404, 132001, "invalid_request");
        await client.DeleteAsync($"{templates}?name=appointment_reminder").ShouldHaveMetaErrorAsync(404, 100, "not_found");

        var reader = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "templates:read" } }));
        await reader.DeleteAsync($"{templates}?name=hello_world").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
    }

    private async Task<(HttpClient Client, CreatedKey Key, Sandbox Sandbox)> SenderAsync(string[]? permissions = null)
    {
        var key = await app.CreateKeyAsync(new { permissions = permissions ?? Sender });
        return (app.ClientFor(key), key, await Sandbox.OfAsync(await app.OwnerAsync()));
    }

    private static async Task<string> SendTextAsync(HttpClient client, Sandbox sandbox, string to) =>
        (await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(to, "Your order shipped")).JsonAsync())
            .GetProperty("messages")[0].GetProperty("id").GetString()!;

    private Task<JsonElement> AdvanceUntilAsync(HttpClient client, string wamid, string status) => app.UntilStatusAsync(client, wamid, status);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WhatsAppMessagesTestsOnPostgres(PostgresKeygateApp app) : WhatsAppMessagesTests(app), IClassFixture<PostgresKeygateApp>;
