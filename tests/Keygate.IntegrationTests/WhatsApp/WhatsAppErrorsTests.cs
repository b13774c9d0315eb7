using System.Text;

namespace Keygate.IntegrationTests;

/// <summary>Each Meta error code comes from the input that causes it, in Meta's envelope; and each binding refuses what it should.</summary>
public class WhatsAppErrorsTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    public static TheoryData<string, int, int> BadBodies => new()
    {
        { """{"to":"15550001111","type":"text","text":{"body":"x"}}""", 400, 100 },
        { """{"messaging_product":"sms","to":"15550001111","type":"text","text":{"body":"x"}}""", 400, 100 },
        { """{"messaging_product":"whatsapp","type":"text","text":{"body":"x"}}""", 400, 100 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"fax","fax":{}}""", 400, 100 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"text"}""", 400, 100 },
        { """{"messaging_product":"whatsapp","to":"not-a-number","type":"text","text":{"body":"x"}}""", 400, 131009 },
        { """{"messaging_product":"whatsapp","to":"123","type":"text","text":{"body":"x"}}""", 400, 131009 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"image","image":{"link":"ftp://example.com/a.png"}}""", 400, 131009 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"image","image":{"link":"https://e.com/a.png","id":"1"}}""", 400, 100 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":91,"longitude":0}}""", 400, 131009 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"button","body":{"text":"x"},"action":{"buttons":[]}}}""", 400, 131009 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"only one"}]}]}}""", 400, 132000 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"no_such_template","language":{"code":"en_US"}}}""", 404, 132001 },
        { """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"hello_world","language":{"code":"pt_BR"}}}""", 404, 132001 },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadInput_IsAnsweredWithMetasCode(string body, int status, int metaCode)
    {
        var (client, sandbox) = await SenderAsync(["messages:send"]);
        var error = await client.PostAsync(sandbox.MessagesPath, new StringContent(body, Encoding.UTF8, "application/json"))
            .ShouldHaveMetaErrorAsync(status, metaCode, "invalid_request");
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TooLongText_Is131009()
    {
        var (client, sandbox) = await SenderAsync(["messages:send"]);
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, new string('x', 4097))).ShouldHaveMetaErrorAsync(400, 131009, "invalid_request");
    }

    // As Meta does, the sandbox accepts a free-form message outside the window and fails it with 131047 through its
    // status (SandboxLikeMetaTests follows that status to the subscriber); a template is delivered.
    [Fact]
    public async Task FreeFormOutsideThe24HourWindow_Fails131047_ButATemplateIsDelivered()
    {
        var (client, sandbox) = await SenderAsync(["messages:send", "messages:read"]);
        const string stranger = "15557654321";
        var outside = await SendAsync(client, sandbox, Sandbox.Text(stranger, "hello?"));
        var template = await SendAsync(client, sandbox, Sandbox.HelloWorld(stranger));
        Assert.Equal(131047, (await FailureOfAsync(client, outside)).GetProperty("code").GetInt32());

        await sandbox.CustomerWritesAsync(client, from: stranger);
        var inside = await SendAsync(client, sandbox, Sandbox.Text(stranger, "now we can talk"));
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var late = await SendAsync(client, sandbox, Sandbox.Text(stranger, "too late"));
        Assert.Equal(131047, (await FailureOfAsync(client, late)).GetProperty("code").GetInt32());
        foreach (var delivered in new[] { template, inside })
        {
            Assert.NotEqual("failed", (await client.GetAsync($"/v1/messages/{delivered}").JsonAsync()).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task BadToken_Is190_InMetasEnvelope()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var stranger = app.Anonymous();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", "EAAG-a-meta-token-not-ours");
        await stranger.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveMetaErrorAsync(401, 190, "invalid_credentials");
        await app.Anonymous().PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveMetaErrorAsync(401, 190, "missing_credentials");
    }

    [Fact]
    public async Task WithoutPermission_Is200()
    {
        var (client, sandbox) = await SenderAsync(["messages:read"]);
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
    }

    [Fact]
    public async Task TemplateOnlyKey_SendsTemplates_AndNothingElse()
    {
        var (client, sandbox) = await SenderAsync(["messages:send-template"]);
        await sandbox.CustomerWritesAsync(app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } })));
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveStatusAsync(200);
        var refused = await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, "free text")).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Contains("template messages only", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task NonProductionKey_ReachesTestRecipientsOnly()
    {
        var (client, sandbox) = await SenderAsync(["messages:send"], new { environment = "staging" });
        const string tester = "15559990001";
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(tester)).ShouldHaveMetaErrorAsync(403, 200, "recipient_not_allowed");

        var owner = await app.OwnerAsync();
        await owner.PatchJsonAsync($"/v1/phone-numbers/{sandbox.PhoneNumberId}", new { testRecipients = new[] { "+1 555 999 0001" } }).ShouldHaveStatusAsync(200);
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(tester)).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task AnotherAccountsNumber_IsNotFound_Subcode33()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var stranger = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }, by: await app.NewAccountOwnerAsync()));
        await stranger.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldBeUnknownObjectAsync();
    }

    [Fact]
    public async Task RateLimited_Is130429_WithRetryAfter_AndMessageQuota_Is4()
    {
        var (limited, sandbox) = await SenderAsync(["messages:send"], new { rateLimits = new[] { new { name = "second", limit = 1, periodSeconds = 60 } } });
        await limited.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveStatusAsync(200);
        var response = await limited.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer));
        Assert.NotNull(response.Headers.RetryAfter);
        await Task.FromResult(response).ShouldHaveMetaErrorAsync(429, 130429, "rate_limited");

        var (quota, _) = await SenderAsync(["messages:send"], new { quotas = new[] { new { metric = "messages", limit = 2, period = "day" } } });
        await quota.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveStatusAsync(200);
        await quota.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveStatusAsync(200);
        await quota.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveMetaErrorAsync(429, 4, "quota_exceeded");
    }

    [Fact]
    public async Task MarketingTemplateToAnOptedOutContact_Fails131050_ButAUtilityTemplateGoes()
    {
        var (client, sandbox) = await SenderAsync(["messages:send", "messages:read", "contacts:write", "contacts:read"]);
        const string customer = "15550004444";
        await sandbox.CustomerWritesAsync(client, from: customer);
        var contact = (await client.GetAsync($"/v1/contacts?q={customer}").JsonAsync()).GetProperty("items")[0];
        await client.PatchJsonAsync($"/v1/contacts/{contact.GetProperty("id").GetString()}", new { optIn = "opted_out" }).ShouldHaveStatusAsync(200);

        var offer = new
        {
            messaging_product = "whatsapp",
            to = customer,
            type = "template",
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
        var refused = await SendAsync(client, sandbox, offer);
        Assert.Equal(131050, (await FailureOfAsync(client, refused)).GetProperty("code").GetInt32());
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(customer)).ShouldHaveStatusAsync(200);
    }

    private static async Task<string> SendAsync(HttpClient client, Sandbox sandbox, object body) =>
        (await client.PostAsJsonAsync(sandbox.MessagesPath, body).JsonAsync()).GetProperty("messages")[0].GetProperty("id").GetString()!;

    /// <summary>The error of the message's failed status, once the sandbox has reported it.</summary>
    private async Task<JsonElement> FailureOfAsync(HttpClient client, string wamid) =>
        (await app.UntilStatusAsync(client, wamid, "failed")).GetProperty("timeline").EnumerateArray().Last().GetProperty("errors")[0];

    private async Task<(HttpClient Client, Sandbox Sandbox)> SenderAsync(string[] permissions, object? extra = null)
    {
        var settings = JsonSerializer.SerializeToNode(extra ?? new { })!.AsObject();
        settings["permissions"] = JsonSerializer.SerializeToNode(permissions);
        var key = await app.CreateKeyAsync(settings);
        return (app.ClientFor(key), await Sandbox.OfAsync(await app.OwnerAsync()));
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WhatsAppErrorsTestsOnPostgres(PostgresKeygateApp app) : WhatsAppErrorsTests(app), IClassFixture<PostgresKeygateApp>;
