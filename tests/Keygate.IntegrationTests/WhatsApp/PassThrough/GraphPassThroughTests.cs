using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Keygate.IntegrationTests.WhatsApp.PassThrough;

/// <summary>
/// Graph calls on a real number's objects reach Meta with the number's stored token, as the caller made them (version, path,
/// query, body), and Meta's answer comes back unchanged, but for a media record's download address.
/// </summary>
public class GraphPassThroughTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private static readonly string[] Everything =
        ["phone-numbers:read", "phone-numbers:manage", "media:read", "media:write", "templates:read", "templates:write", "flows:read", "audit:read"];

    [Fact]
    public async Task PhoneNumberRead_ReachesMetaWithTheNumbersToken_AndComesBackAsMetaAnswered()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["phone-numbers:read"]);

        var number = await client.GetAsync($"/v21.0/{meta.NumberId}?fields=id,display_phone_number").JsonAsync();

        Assert.Equal(meta.NumberId, number.GetProperty("id").GetString());
        Assert.Equal("+1 555-555-5555", number.GetProperty("display_phone_number").GetString());
        // The caller's version and query, with the number's token in place of the caller's credential.
        Assert.Equal($"GET /v21.0/{meta.NumberId}?fields=id%2Cdisplay_phone_number", Assert.Single(meta.CallsAtMeta));
    }

    [Fact]
    public async Task BusinessProfile_IsReadAndUpdatedAtMeta_AndTheUpdateIsAudited()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(Everything);

        var updated = await client.PostAsJsonAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile",
            new { messaging_product = "whatsapp", about = "Open 9 to 5" }).JsonAsync();
        Assert.True(updated.GetProperty("success").GetBoolean());
        var profile = await client.GetAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile?fields=about").JsonAsync();

        Assert.Equal("Open 9 to 5", profile.GetProperty("data")[0].GetProperty("about").GetString());
        var audit = await client.GetAsync("/v1/audit?type=graph.write").JsonAsync();
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal(meta.NumberId, entry.GetProperty("targetId").GetString());
        Assert.DoesNotContain("Open 9 to 5", entry.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WabaPhoneNumbers_AreMetasList()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["phone-numbers:read"]);

        var numbers = await client.GetAsync($"/v23.0/{meta.WabaId}/phone_numbers").JsonAsync();

        Assert.Equal(meta.NumberId, Assert.Single(numbers.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task MediaUpload_StreamsToMeta_AndTenMegabytesDownloadThroughKeygate()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(Everything);
        var video = RandomNumberGenerator.GetBytes(10 * 1024 * 1024);

        using var form = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" }, { new StringContent("video/mp4"), "type" } };
        form.Add(new ByteArrayContent(video) { Headers = { ContentType = new MediaTypeHeaderValue("video/mp4") } }, "file", "clip.mp4");
        var id = (await client.PostAsync($"/v23.0/{meta.NumberId}/media", form).JsonAsync()).GetProperty("id").GetString()!;

        Assert.Equal(SHA256.HashData(video), SHA256.HashData(fixture.Meta.Media[id].Bytes));
        var record = await client.GetAsync($"/v23.0/{id}").JsonAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(video)), record.GetProperty("sha256").GetString());
        var url = record.GetProperty("url").GetString()!;
        Assert.Equal($"{fixture.App.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/media/{id}/download", url);

        using var download = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await download.ShouldHaveStatusAsync(200);
        Assert.Equal("video/mp4", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(video.Length, download.Content.Headers.ContentLength);
        Assert.False(download.Headers.Contains("Set-Cookie"));
        Assert.Equal(SHA256.HashData(video), await SHA256.HashDataAsync(await download.Content.ReadAsStreamAsync()));

        await client.DeleteAsync($"/v23.0/{id}").JsonAsync();
        Assert.False(fixture.Meta.Media.ContainsKey(id));
    }

    [Fact]
    public async Task ACustomersImage_NamedInASignedWebhook_IsFetchedAndDownloaded()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["media:read"]);
        var photo = RandomNumberGenerator.GetBytes(4096);
        var mediaId = fixture.Meta.AddInboundMedia(meta.Token, "image/jpeg", photo);

        var body = MetaWebhookEvents.Event(meta.NumberId, meta.WabaId, "messages", new JsonObject
        {
            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ana" }, ["wa_id"] = "15550006666" }),
            ["messages"] = new JsonArray(new JsonObject
            {
                ["from"] = "15550006666",
                ["id"] = "wamid.IMAGE" + Guid.NewGuid().ToString("N"),
                ["timestamp"] = MetaWebhookEvents.Now().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["type"] = "image",
                ["image"] = new JsonObject { ["mime_type"] = "image/jpeg", ["sha256"] = "x", ["id"] = mediaId },
            }),
        });
        await fixture.App.Anonymous().PostMetaEventAsync(body, meta.AppSecret).ShouldHaveStatusAsync(200);

        var record = await client.GetAsync($"/v23.0/{mediaId}").JsonAsync();
        var bytes = await (await client.GetAsync(record.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();
        Assert.Equal(photo, bytes);
        // Known from the webhook: Meta was asked for the record once, by the client's call, not first to confirm the id.
        Assert.Single(meta.CallsAtMeta, c => c == $"GET /v23.0/{mediaId}");
    }

    [Fact]
    public async Task AnIdKeygateNeverSaw_IsConfirmedWithTheAccountsOwnToken_AndAnUnknownOneIsAskedAboutOnce()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["media:read"]);
        var mediaId = fixture.Meta.AddInboundMedia(meta.Token, "audio/ogg", [1, 2, 3]);
        var unknown = MetaNumber.NewId();

        Assert.Equal("audio/ogg", (await client.GetAsync($"/v23.0/{mediaId}").JsonAsync()).GetProperty("mime_type").GetString());
        await client.GetAsync($"/v23.0/{unknown}").ShouldBeUnknownObjectAsync();
        await client.GetAsync($"/v23.0/{unknown}").ShouldBeUnknownObjectAsync();

        Assert.Single(meta.CallsAtMeta, c => c == $"GET /v23.0/{unknown}");
        var other = await (await MetaTenant.RegisterAsync(fixture)).KeyAsync(["media:read"]);
        await other.GetAsync($"/v23.0/{mediaId}").ShouldBeUnknownObjectAsync();
    }

    [Fact]
    public async Task Templates_AreListedCreatedAndDeletedAtMeta()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(Everything);
        var template = new { name = "order_update", language = "en_US", category = "UTILITY", components = new[] { new { type = "BODY", text = "Your order {{1}} shipped" } } };

        var created = await client.PostAsJsonAsync($"/v23.0/{meta.WabaId}/message_templates", template).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("PENDING", created.GetProperty("status").GetString());

        var listed = await client.GetAsync($"/v23.0/{meta.WabaId}/message_templates?name=order").JsonAsync();
        Assert.Equal(id, Assert.Single(listed.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("order_update", (await client.GetAsync($"/v23.0/{id}").JsonAsync()).GetProperty("name").GetString());

        Assert.True((await client.DeleteAsync($"/v23.0/{meta.WabaId}/message_templates?name=order_update").JsonAsync()).GetProperty("success").GetBoolean());
        Assert.Empty((await client.GetAsync($"/v23.0/{meta.WabaId}/message_templates").JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Contains($"DELETE /v23.0/{meta.WabaId}/message_templates?name=order_update", meta.CallsAtMeta);
    }

    [Fact]
    public async Task Flows_AreListed_AndAListedFlowIsReadable()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["flows:read"]);
        var flowId = fixture.Meta.AddFlow(meta.WabaId, "signup");

        var flows = await client.GetAsync($"/v23.0/{meta.WabaId}/flows").JsonAsync();
        Assert.Equal(flowId, Assert.Single(flows.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());

        Assert.Equal("signup", (await client.GetAsync($"/v23.0/{flowId}").JsonAsync()).GetProperty("name").GetString());
        Assert.Single(meta.CallsAtMeta, c => c == $"GET /v23.0/{flowId}"); // learned from the list, not confirmed
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class GraphPassThroughTestsOnPostgres(PostgresKeygateWithMeta fixture) : GraphPassThroughTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
