using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests;

/// <summary>Meta calling Keygate: the verification challenge, signed events, duplicates, out-of-order statuses.</summary>
public sealed class MetaWebhookTests : IAsyncLifetime
{
    private const string PhoneNumberId = "106540352242999";
    private const string AppSecret = "meta-app-secret-used-to-sign-events";
    private const string VerifyToken = "verify-token-pasted-into-meta";
    private FakeMeta _meta = null!;
    private KeygateApp _app = null!;
    private HttpClient _reader = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _app = KeygateApp.With(("Meta:BaseUrl", _meta.Address.ToString()));
        _meta.Owns(FakeMeta.AccessToken, PhoneNumberId, "102290129340999");
        await (await _app.OwnerAsync()).PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = PhoneNumberId,
            wabaId = "102290129340999",
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

        var stored = await WaitForAsync($"/v1/messages/{wamid}");
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
        var forged = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        forged.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("not-the-secret"), Encoding.UTF8.GetBytes(body))));
        await _app.Anonymous().SendAsync(forged).ShouldBeProblemAsync(401, "invalid_credentials");
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        await _app.Anonymous().SendAsync(unsigned).ShouldBeProblemAsync(401, "invalid_credentials");
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

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var message = await _reader.GetAsync($"/v1/messages/{wamid}").JsonAsync();
            var statuses = message.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
            if (statuses.Count == 3)
            {
                Assert.Equal(["accepted", "delivered", "read"], statuses);
                Assert.Equal("read", message.GetProperty("status").GetString());
                return;
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Fail("The statuses never reached the timeline.");
    }

    private Task<HttpResponseMessage> PostSignedAsync(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/meta") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), Encoding.UTF8.GetBytes(body))));
        return _app.Anonymous().SendAsync(request);
    }

    private async Task<JsonElement> WaitForAsync(string path)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var response = await _reader.GetAsync(path);
            if ((int)response.StatusCode == 200)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new Xunit.Sdk.XunitException($"{path} never appeared.");
    }

    private static string Status(string wamid, string status, long at) => Event("statuses", new JsonObject
    {
        ["statuses"] = new JsonArray(new JsonObject { ["id"] = wamid, ["status"] = status, ["timestamp"] = at.ToString(System.Globalization.CultureInfo.InvariantCulture), ["recipient_id"] = "15550008888" }),
    });

    /// <summary>Meta's envelope: object, entry[].changes[] with the field and the value (with the number's metadata).</summary>
    private static string Event(string field, JsonObject value)
    {
        value["messaging_product"] = "whatsapp";
        value["metadata"] = new JsonObject { ["display_phone_number"] = "15550129999", ["phone_number_id"] = PhoneNumberId };
        return new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject { ["id"] = "102290129340999", ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = field }) }),
        }.ToJsonString();
    }

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _meta.DisposeAsync();
    }
}
