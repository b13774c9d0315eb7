using System.Text;

namespace Keygate.IntegrationTests;

/// <summary>
/// Whatever a client sends to the Cloud API surface, the answer is Meta's envelope with a 4xx: never a 500, never a
/// problem document a Cloud API client cannot parse; and no body is read or stored past what Meta accepts for the call.
/// </summary>
public class CloudApiHostileInputTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    public static TheoryData<string> HostileMessages => new()
    {
        """{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":"x","longitude":1}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"location","location":{"latitude":1e400,"longitude":1}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":7,"text":{"body":"x"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"button","body":{"text":"b"},"action":{"buttons":[1,"x",null]}}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"interactive","interactive":{"type":"list","body":{"text":"b"},"action":{"button":"b","sections":["s"]}}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"hello_world","language":{"code":"en_US"},"components":[{"type":"button","index":{"x":1e400},"parameters":"p"}]}}""",
        """{"messaging_product":"whatsapp","to":123456789012345678901234567890,"type":"text","text":{"body":"x"}}""",
        """{"messaging_product":"whatsapp","to":"15550001111","type":"text","text":{"body":"x"},"context":{"message_id":{"$gt":""}}}""",
        """{"messaging_product":"whatsapp","status":"read","message_id":[1]}""",
        "{\"messaging_product\":\"whatsapp\",\"to\":\"15550001111\",\"type\":\"text\",\"text\":{\"body\":" + string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)) + "}}",
        "[]",
        "\"whatsapp\"",
        "null",
        "{\"messaging_product\":",
        "not json",
        "",
    };

    [Theory]
    [MemberData(nameof(HostileMessages))]
    public async Task HostileMessageBodies_Are4xxInMetasEnvelope_Never5xx(string body)
    {
        var (client, sandbox) = await SenderAsync("messages:send");
        var response = await client.PostAsync(sandbox.MessagesPath, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.True(error.GetProperty("code").GetInt32() > 0, text);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()), text);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageBodyOver64KB_Is413InMetasEnvelope_WithOrWithoutAContentLength()
    {
        var (client, sandbox) = await SenderAsync("messages:send");
        var huge = JsonSerializer.Serialize(Sandbox.Text(Sandbox.Customer, new string('x', 100_000)));
        await client.PostAsync(sandbox.MessagesPath, new StringContent(huge, Encoding.UTF8, "application/json")).ShouldHaveMetaErrorAsync(413, 100, "invalid_request");

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, sandbox.MessagesPath) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await client.SendAsync(request).ShouldHaveMetaErrorAsync(413, 100, "invalid_request");
    }

    [Fact]
    public async Task ATemplateOver64KB_Is413_AndNothingIsStored()
    {
        var (client, sandbox) = await SenderAsync("templates:write", "templates:read");
        var template = new
        {
            name = "too_big",
            language = "en_US",
            category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "Hello" }, new { type = "FOOTER", text = new string('x', 300_000) } },
        };
        await client.PostAsJsonAsync($"/v23.0/{sandbox.WabaId}/message_templates", template).ShouldHaveMetaErrorAsync(413, 100, "invalid_request");

        var chunked = new StreamContent(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(template)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v23.0/{sandbox.WabaId}/message_templates") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await client.SendAsync(request).ShouldHaveMetaErrorAsync(413, 100, "invalid_request");

        var listed = await client.GetAsync($"/v23.0/{sandbox.WabaId}/message_templates?name=too_big").JsonAsync();
        Assert.Equal(0, listed.GetProperty("data").GetArrayLength());
    }

    private async Task<(HttpClient Client, Sandbox Sandbox)> SenderAsync(params string[] permissions) =>
        (app.ClientFor(await app.CreateKeyAsync(new { permissions })), await Sandbox.OfAsync(await app.OwnerAsync()));
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CloudApiHostileInputTestsOnPostgres(PostgresKeygateApp app) : CloudApiHostileInputTests(app), IClassFixture<PostgresKeygateApp>;
