using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests.WhatsApp.PassThrough;

/// <summary>
/// The promise for a real number: Cloud API code that works against Meta works through Keygate with only the base URL and
/// the token changed. A published client from npm (@kapso/whatsapp-cloud-api, <c>CloudApiClient/meta.mjs</c>) drives a
/// number registered at the fake Meta through every kind of call a business makes, and each call is checked at both ends:
/// what the client got, and what reached Meta.
/// </summary>
public class CloudApiClientMetaTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private const int VideoBytes = 10 * 1024 * 1024;
    private const string Customer = "15550006666";

    [Fact]
    public async Task APublishedCloudApiClient_DrivesARealNumberThroughKeygate_ByBaseUrlAndTokenOnly()
    {
        if (NodeClient.Missing() is { } missing)
        {
            Assert.Skip(missing);
        }
        var number = await fixture.RegisterMetaNumberAsync();
        var key = await fixture.App.CreateKeyAsync(new
        {
            permissions = new[] { "messages:send", "media:read", "media:write", "templates:read", "templates:write", "phone-numbers:read" },
        }, by: number.Owner);
        var photo = RandomNumberGenerator.GetBytes(64 * 1024);
        var photoId = fixture.Meta.AddInboundMedia(FakeMeta.AccessToken, "image/jpeg", photo);
        var inbound = await CustomerSendsPhotoAsync(number, photoId);
        var flowId = fixture.Meta.AddFlow(number.WabaId, "booking");

        var outcome = await NodeClient.RunAsync("meta.mjs",
            ("KEYGATE_URL", fixture.App.BaseAddress.ToString().TrimEnd('/')), ("KEYGATE_TOKEN", $"{key.Id}.{key.Secret}"),
            ("PHONE_NUMBER_ID", number.PhoneNumberId), ("WABA_ID", number.WabaId), ("TO", "+" + Customer),
            ("INBOUND_MEDIA_ID", photoId), ("INBOUND_WAMID", inbound), ("FLOW_ID", flowId),
            ("VIDEO_BYTES", VideoBytes.ToString(CultureInfo.InvariantCulture)));

        foreach (var step in outcome.EnumerateObject())
        {
            Assert.False(step.Value.ValueKind == JsonValueKind.Object && step.Value.TryGetProperty("failed", out _), $"{step.Name}: {step.Value.GetRawText()}");
        }
        Assert.Equal(number.PhoneNumberId, outcome.GetProperty("phoneNumber").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Array, outcome.GetProperty("businessProfile").GetProperty("data").ValueKind);

        var video = outcome.GetProperty("video");
        var sent = video.GetProperty("sent").GetString();
        Assert.Equal(sent, video.GetProperty("received").GetString());
        Assert.Equal(sent, video.GetProperty("metadataSha256").GetString());
        Assert.Equal(VideoBytes, video.GetProperty("size").GetInt32());
        Assert.Equal(sent, fixture.Meta.Media[video.GetProperty("id").GetString()!].Sha256);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), outcome.GetProperty("inboundImage").GetProperty("received").GetString());

        var templates = outcome.GetProperty("templates");
        Assert.False(string.IsNullOrEmpty(templates.GetProperty("createdId").GetString()));
        Assert.Contains("order_update", templates.GetProperty("listedNames").EnumerateArray().Select(n => n.GetString()));
        Assert.True(templates.GetProperty("deleted").GetBoolean());

        Assert.True(outcome.GetProperty("markRead").GetProperty("success").GetBoolean());
        Assert.StartsWith("wamid.", outcome.GetProperty("flow").GetProperty("id").GetString());
        Assert.StartsWith("wamid.", outcome.GetProperty("carousel").GetProperty("id").GetString());

        // Meta received the message calls as the client wrote them, with the number's token in place of Keygate's.
        var bodies = fixture.Meta.Received.Where(r => r.Path.Contains(number.PhoneNumberId, StringComparison.Ordinal)).ToList();
        Assert.All(bodies, r => Assert.Equal($"Bearer {FakeMeta.AccessToken}", r.Authorization));
        var markRead = JsonNode.Parse(Assert.Single(bodies, r => r.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal)).Body)!;
        Assert.Equal(inbound, markRead["message_id"]!.GetValue<string>());
        Assert.Equal("text", markRead["typing_indicator"]!["type"]!.GetValue<string>());
        var flow = JsonNode.Parse(Assert.Single(bodies, r => r.Body.Contains("\"flow\"", StringComparison.Ordinal)).Body)!;
        Assert.Equal(flowId, flow["interactive"]!["action"]!["parameters"]!["flow_id"]!.GetValue<string>());
        var carousel = JsonNode.Parse(Assert.Single(bodies, r => r.Body.Contains("\"carousel\"", StringComparison.Ordinal)).Body)!;
        Assert.Equal(2, carousel["template"]!["components"]![1]!["cards"]!.AsArray().Count);
        Assert.DoesNotContain(fixture.Meta.GraphCalls, c => c.Authorization?.Contains(key.Secret, StringComparison.Ordinal) == true);
    }

    /// <summary>Meta tells Keygate, in a signed webhook, that the customer sent a photo; returns the message's wamid.</summary>
    private async Task<string> CustomerSendsPhotoAsync(MetaNumber number, string mediaId)
    {
        var wamid = "wamid.PHOTO" + Guid.NewGuid().ToString("N");
        var body = MetaWebhookEvents.Event(number.PhoneNumberId, number.WabaId, "messages", new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ana" }, ["wa_id"] = Customer }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = Customer,
                ["id"] = wamid,
                ["timestamp"] = MetaWebhookEvents.Now().ToString(CultureInfo.InvariantCulture),
                ["type"] = "image",
                ["image"] = new JsonObject { ["mime_type"] = "image/jpeg", ["sha256"] = "x", ["id"] = mediaId },
            }),
        });
        await fixture.App.Anonymous().PostMetaEventAsync(body, number.AppSecret).ShouldHaveStatusAsync(200);
        return wamid;
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CloudApiClientMetaTestsOnPostgres(PostgresKeygateWithMeta fixture) : CloudApiClientMetaTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
