using System.Globalization;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests.Templates;

/// <summary>
/// A real number's templates, read from Meta's listing when first needed and kept current by Meta's template webhooks;
/// with them Keygate judges the sends Meta cannot judge for it: a key's template categories, and opt-outs.
/// </summary>
public class MetaTemplateTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private readonly KeygateApp _app = fixture.App;

    private static readonly string[] UtilityAndAuthentication = ["messages:send-utility-template", "messages:send-authentication-template"];

    [Fact]
    public async Task ARealNumbersTemplates_AreReadFromEveryPageOfMetasListing_OnFirstNeed_AndNotAgainWhileFresh()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        (string Name, string Category)[] atMeta =
            [("order_shipped", "UTILITY"), ("spring_sale", "MARKETING"), ("login_code", "AUTHENTICATION"), ("invoice_ready", "UTILITY"), ("new_arrivals", "MARKETING")];
        foreach (var (name, category) in atMeta)
        {
            fixture.Meta.AddTemplate(number.WabaId, name, category);
        }

        var listed = await TemplatesAsync(number);

        Assert.Equal(atMeta.Select(t => t.Name).Order(StringComparer.Ordinal), listed.Select(t => t.GetProperty("name").GetString()));
        Assert.All(atMeta, expected => Assert.Equal(expected.Category, Named(listed, expected.Name).GetProperty("category").GetString()));
        Assert.All(listed, t => Assert.Equal("APPROVED", t.GetProperty("status").GetString()));
        Assert.All(listed, t => Assert.Equal("GREEN", t.GetProperty("quality").GetString()));
        Assert.Equal(3, fixture.Meta.TemplatePagesRead(number.WabaId));
        await TemplatesAsync(number);
        Assert.Equal(3, fixture.Meta.TemplatePagesRead(number.WabaId));
    }

    [Fact]
    public async Task AKeyAllowedOnlyUtilityAndAuthentication_IsRefusedAMarketingTemplate_OnAMetaNumber()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.AddTemplate(number.WabaId, "spring_sale", "MARKETING");
        fixture.Meta.AddTemplate(number.WabaId, "order_shipped", "UTILITY");
        fixture.Meta.AddTemplate(number.WabaId, "login_code", "AUTHENTICATION");
        var key = await KeyAsync(number, UtilityAndAuthentication);

        var refused = await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("spring_sale")).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Contains("marketing templates", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, SentThrough(number));

        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveStatusAsync(200);
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("login_code")).ShouldHaveStatusAsync(200);
        Assert.Equal(2, SentThrough(number));
        // Three sends, one reading (of two pages).
        Assert.Equal(2, fixture.Meta.TemplatePagesRead(number.WabaId));
    }

    [Fact]
    public async Task AKeyAllowedOnlyUtilityAndAuthentication_IsRefusedAMarketingTemplate_OnTheSandbox()
    {
        var tenant = await _app.NewAccountAsync();
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        var key = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = UtilityAndAuthentication }, by: tenant.Owner));
        var offer = new
        {
            messaging_product = "whatsapp",
            to = Sandbox.Customer,
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
        var code = new
        {
            messaging_product = "whatsapp",
            to = Sandbox.Customer,
            type = "template",
            template = new
            {
                name = "verification_code",
                language = new { code = "en_US" },
                components = new object[]
                {
                    new { type = "body", parameters = new[] { new { type = "text", text = "123456" } } },
                    new { type = "button", sub_type = "url", index = "0", parameters = new[] { new { type = "text", text = "123456" } } },
                },
            },
        };

        await key.PostAsJsonAsync(sandbox.MessagesPath, offer).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await key.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).ShouldHaveStatusAsync(200);
        await key.PostAsJsonAsync(sandbox.MessagesPath, code).ShouldHaveStatusAsync(200);
        // The same offer goes with a key allowed every category: the refusal above was the category's.
        var every = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send-template" } }, by: tenant.Owner));
        await every.PostAsJsonAsync(sandbox.MessagesPath, offer).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task WhenMetaWillNotListTheTemplates_AKeyAllowedSomeCategories_IsRefused_AndAKeyAllowedEveryCategorySends()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.AddTemplate(number.WabaId, "order_shipped", "UTILITY");
        fixture.Meta.WithholdTemplates(number.WabaId);
        var utility = await KeyAsync(number, ["messages:send-utility-template"]);

        await utility.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveMetaErrorAsync(503, 2, "unavailable");
        Assert.Equal(0, SentThrough(number));

        var every = await KeyAsync(number, ["messages:send-template"]);
        await every.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ATemplateOnlyKey_SendsTemplatesOfEveryCategoryThroughAMetaNumber_AndNothingElse()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.AddTemplate(number.WabaId, "spring_sale", "MARKETING");
        var key = await KeyAsync(number, ["messages:send-template"]);

        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("spring_sale")).ShouldHaveStatusAsync(200);
        await key.PostAsJsonAsync(number.MessagesPath, Sandbox.Text(Sandbox.Customer, "free text")).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Equal(1, SentThrough(number));
        // A key allowed every category needs no template read to send one.
        Assert.Equal(0, fixture.Meta.TemplatePagesRead(number.WabaId));
    }

    [Fact]
    public async Task AMarketingTemplateToAnOptedOutContact_IsRefusedOnAMetaNumber_ButAUtilityOneGoes()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.AddTemplate(number.WabaId, "spring_sale", "MARKETING");
        fixture.Meta.AddTemplate(number.WabaId, "order_shipped", "UTILITY");
        var key = await KeyAsync(number, ["messages:send", "contacts:write"]);
        const string optedOut = "15550007777";
        await key.PostAsJsonAsync("/v1/contacts", new { waId = optedOut, optIn = "opted_out" }).ShouldHaveStatusAsync(201);

        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("spring_sale", optedOut)).ShouldHaveMetaErrorAsync(400, 131050, "recipient_opted_out");
        Assert.Equal(0, SentThrough(number));

        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped", optedOut)).ShouldHaveStatusAsync(200);
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("spring_sale", "15550007778")).ShouldHaveStatusAsync(200);
        Assert.Equal(2, SentThrough(number));
    }

    [Fact]
    public async Task AStatusWebhook_ChangesTheTemplatesStatus_WithMetasReason_WithoutReadingMetaAgain()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        var id = fixture.Meta.AddTemplate(number.WabaId, "spring_sale", "MARKETING");
        Assert.Equal("APPROVED", Named(await TemplatesAsync(number), "spring_sale").GetProperty("status").GetString());

        await PostTemplateEventAsync(number, "message_template_status_update", id, new JsonObject { ["event"] = "REJECTED", ["reason"] = "INCORRECT_CATEGORY" });

        var template = Named(await TemplatesAsync(number), "spring_sale");
        Assert.Equal("REJECTED", template.GetProperty("status").GetString());
        Assert.Equal("INCORRECT_CATEGORY", template.GetProperty("reason").GetString());
        Assert.Equal(1, fixture.Meta.TemplatePagesRead(number.WabaId));
    }

    [Fact]
    public async Task ATemplateWebhookSignedByAnotherTenant_LeavesTheTemplateAlone()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        var other = await fixture.RegisterMetaNumberAsync();
        var id = fixture.Meta.AddTemplate(number.WabaId, "spring_sale", "MARKETING");
        await TemplatesAsync(number);

        await _app.Anonymous().PostMetaEventAsync(TemplateEvent(number.WabaId, "message_template_status_update", id, new JsonObject { ["event"] = "DISABLED" }),
            other.AppSecret).ShouldHaveStatusAsync(200);

        Assert.Equal("APPROVED", Named(await TemplatesAsync(number), "spring_sale").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACategoryWebhook_ChangesTheCategory_AndWithItWhatAUtilityOnlyKeyMaySend()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        var id = fixture.Meta.AddTemplate(number.WabaId, "account_notice", "UTILITY");
        var key = await KeyAsync(number, ["messages:send-utility-template"]);
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("account_notice")).ShouldHaveStatusAsync(200);

        await PostTemplateEventAsync(number, "template_category_update", id, new JsonObject { ["previous_category"] = "UTILITY", ["new_category"] = "MARKETING" });

        Assert.Equal("MARKETING", Named(await TemplatesAsync(number), "account_notice").GetProperty("category").GetString());
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("account_notice")).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Equal(1, SentThrough(number));
    }

    [Fact]
    public async Task AQualityWebhook_ChangesTheTemplatesQuality()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        var id = fixture.Meta.AddTemplate(number.WabaId, "spring_sale", "MARKETING");
        await TemplatesAsync(number);

        await PostTemplateEventAsync(number, "message_template_quality_update", id, new JsonObject { ["previous_quality_score"] = "GREEN", ["new_quality_score"] = "RED" });

        Assert.Equal("RED", Named(await TemplatesAsync(number), "spring_sale").GetProperty("quality").GetString());
    }

    [Fact]
    public async Task ASendNamingATemplateKeygateLacks_ReadsMetaAgain_AtMostOncePerInterval()
    {
        var number = await fixture.RegisterMetaNumberAsync();
        fixture.Meta.AddTemplate(number.WabaId, "order_shipped", "UTILITY");
        var key = await KeyAsync(number, ["messages:send-utility-template"]);
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("order_shipped")).ShouldHaveStatusAsync(200);
        fixture.Meta.AddTemplate(number.WabaId, "brand_new", "UTILITY");

        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveMetaErrorAsync(404, 132001, "invalid_request");
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveMetaErrorAsync(404, 132001, "invalid_request");
        Assert.Equal(1, fixture.Meta.TemplatePagesRead(number.WabaId));

        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        await key.PostAsJsonAsync(number.MessagesPath, MetaNumbers.Template("brand_new")).ShouldHaveStatusAsync(200);
        Assert.Equal(2, fixture.Meta.TemplatePagesRead(number.WabaId));
    }

    private async Task<HttpClient> KeyAsync(MetaNumber number, string[] permissions) =>
        _app.ClientFor(await _app.CreateKeyAsync(new { permissions }, by: number.Owner));

    private int SentThrough(MetaNumber number) => fixture.Meta.Received.Count(r => r.Path == number.MessagesPath);

    private static async Task<List<JsonElement>> TemplatesAsync(MetaNumber number) =>
        [.. (await number.Owner.GetAsync($"/v1/phone-numbers/{number.PhoneNumberId}/templates").JsonAsync()).EnumerateArray()];

    private static JsonElement Named(List<JsonElement> templates, string name) => templates.Single(t => t.GetProperty("name").GetString() == name);

    private async Task PostTemplateEventAsync(MetaNumber number, string field, string templateId, JsonObject value) =>
        await _app.Anonymous().PostMetaEventAsync(TemplateEvent(number.WabaId, field, templateId, value), number.AppSecret).ShouldHaveStatusAsync(200);

    /// <summary>Meta's template webhooks name the template by its numeric id, name and language.</summary>
    private static string TemplateEvent(string wabaId, string field, string templateId, JsonObject value)
    {
        value["message_template_id"] = long.Parse(templateId, CultureInfo.InvariantCulture);
        value["message_template_name"] = "as_meta_names_it";
        value["message_template_language"] = "en_US";
        return MetaWebhookEvents.AccountEvent(wabaId, field, value);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaTemplateTestsOnPostgres(PostgresKeygateWithMeta fixture) : MetaTemplateTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
