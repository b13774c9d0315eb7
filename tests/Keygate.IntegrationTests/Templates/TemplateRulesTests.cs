using System.Text;

namespace Keygate.IntegrationTests;

/// <summary>
/// The sandbox's template rules, as Meta checks a template message against its template: named parameters, media
/// headers and the parameters each button type takes. Each refusal is the one its rule causes.
/// </summary>
public class TemplateRulesTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private const string Named = "order_confirmation";
    private const string Media = "new_arrivals";
    private const string Otp = "verification_code";
    private const string NamedBody = """{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"},{"type":"text","parameter_name":"order_id","text":"A-17"}]}""";
    private const string ImageHeader = """{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/spring.jpg"}}]}""";
    private const string MediaBody = """{"type":"body","parameters":[{"type":"text","text":"linen shirts"}]}""";
    private const string Coupon = """{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"coupon_code","coupon_code":"SPRING20"}]}""";
    private const string OtpBody = """{"type":"body","parameters":[{"type":"text","text":"482913"}]}""";
    private const string OtpButton = """{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"482913"}]}""";

    public static TheoryData<string, string, int> Accepted => new()
    {
        { Named, NamedBody, 200 },
        { Named, $$"""{{NamedBody}},{"type":"button","sub_type":"quick_reply","index":0,"parameters":[{"type":"payload","payload":"CHANGE"}]}""", 200 },
        { Media, $"{ImageHeader},{MediaBody},{Coupon}", 200 },
        { Media, $$"""{{ImageHeader}},{{MediaBody}},{{Coupon}},{"type":"button","sub_type":"quick_reply","index":1,"parameters":[{"type":"payload","payload":"STOP"}]}""", 200 },
        { Otp, $"{OtpBody},{OtpButton}", 200 },
    };

    public static TheoryData<string, string, int> Refused => new()
    {
        // Named parameters given by position, or under other names.
        { Named, """{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-17"}]}""", 132012 },
        { Named, """{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"},{"type":"text","parameter_name":"order","text":"A-17"}]}""", 132000 },
        { Named, """{"type":"body","parameters":[{"type":"text","parameter_name":"first_name","text":"Ana"}]}""", 132000 },
        // A phone-number button takes nothing.
        { Named, $$"""{{NamedBody}},{"type":"button","sub_type":"quick_reply","index":1,"parameters":[{"type":"payload","payload":"x"}]}""", 132000 },
        // The image header: missing, of another kind, without its link or id.
        { Media, $"{MediaBody},{Coupon}", 132000 },
        { Media, $$$"""{"type":"header","parameters":[{"type":"video","video":{"link":"https://example.com/a.mp4"}}]},{{{MediaBody}}},{{{Coupon}}}""", 132012 },
        { Media, $$$"""{"type":"header","parameters":[{"type":"image","image":{}}]},{{{MediaBody}}},{{{Coupon}}}""", 132012 },
        // The copy-code button: missing, or given as text.
        { Media, $"{ImageHeader},{MediaBody}", 132000 },
        { Media, $$"""{{ImageHeader}},{{MediaBody}},{"type":"button","sub_type":"copy_code","index":0,"parameters":[{"type":"text","text":"SPRING20"}]}""", 132012 },
        // The OTP button needs the code; a text header the template does not have takes nothing.
        { Otp, OtpBody, 132000 },
        { Otp, $$"""{"type":"header","parameters":[{"type":"text","text":"x"}]},{{OtpBody}},{{OtpButton}}""", 132000 },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task AFittingTemplateMessage_IsSent(string template, string components, int status)
    {
        var (client, sandbox) = await SenderAsync();
        var sent = await client.PostAsync(sandbox.MessagesPath, Body(template, components)).JsonAsync(status);
        Assert.StartsWith("wamid.", sent.GetProperty("messages")[0].GetProperty("id").GetString());
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task AMisfittingTemplateMessage_IsRefusedWithMetasCode(string template, string components, int metaCode)
    {
        var (client, sandbox) = await SenderAsync();
        await client.PostAsync(sandbox.MessagesPath, Body(template, components)).ShouldHaveMetaErrorAsync(400, metaCode, "invalid_request");
    }

    [Fact]
    public async Task TheOtpTemplate_IsAnAuthenticationTemplate_WithACopyCodeButton()
    {
        var (client, sandbox) = await SenderAsync("templates:read");
        var listed = await client.GetAsync($"/v23.0/{sandbox.WabaId}/message_templates?name={Otp}").JsonAsync();
        var template = listed.GetProperty("data")[0];
        Assert.Equal("AUTHENTICATION", template.GetProperty("category").GetString());
        var button = template.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "BUTTONS").GetProperty("buttons")[0];
        Assert.Equal("OTP", button.GetProperty("type").GetString());
        Assert.Equal("COPY_CODE", button.GetProperty("otp_type").GetString());
    }

    private static StringContent Body(string template, string components) => new(
        $$$"""{"messaging_product":"whatsapp","to":"{{{Sandbox.Customer}}}","type":"template","template":{"name":"{{{template}}}","language":{"code":"en_US"},"components":[{{{components}}}]}}""",
        Encoding.UTF8, "application/json");

    private async Task<(HttpClient Client, Sandbox Sandbox)> SenderAsync(params string[] more)
    {
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" }.Concat(more).ToArray() });
        return (app.ClientFor(key), await Sandbox.OfAsync(await app.OwnerAsync()));
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class TemplateRulesTestsOnPostgres(PostgresKeygateApp app) : TemplateRulesTests(app), IClassFixture<PostgresKeygateApp>;
