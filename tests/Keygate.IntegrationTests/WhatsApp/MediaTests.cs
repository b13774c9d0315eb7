using System.Security.Cryptography;

namespace Keygate.IntegrationTests;

/// <summary>Media in Meta's shapes: multipart upload, metadata with a download URL, download through Keygate, delete.</summary>
public class MediaTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task Upload_Metadata_Download_Delete()
    {
        var client = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "media:write", "media:read" } }));
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var bytes = RandomNumberGenerator.GetBytes(2048);
        var id = await UploadAsync(client, sandbox, "image/png", bytes);

        var metadata = await client.GetAsync($"/v23.0/{id}").JsonAsync();
        Assert.Equal("image/png", metadata.GetProperty("mime_type").GetString());
        Assert.Equal(2048, metadata.GetProperty("file_size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), metadata.GetProperty("sha256").GetString());
        var downloaded = await client.GetAsync(new Uri(metadata.GetProperty("url").GetString()!));
        await downloaded.ShouldHaveStatusAsync(200);
        Assert.Equal(bytes, await downloaded.Content.ReadAsByteArrayAsync());
        await app.Anonymous().GetAsync(new Uri(metadata.GetProperty("url").GetString()!)).ShouldBeProblemAsync(401, "missing_credentials");

        var deleted = await client.DeleteAsync($"/v23.0/{id}").JsonAsync();
        Assert.True(deleted.GetProperty("success").GetBoolean());
        await client.GetAsync($"/v23.0/{id}").ShouldBeUnknownObjectAsync();
    }

    [Fact]
    public async Task Upload_RefusesUnsupportedTypes_OversizedFiles_AndMissingFields()
    {
        var client = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "media:write" } }));
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        await client.PostAsync($"/v23.0/{sandbox.PhoneNumberId}/media", Form("application/x-msdownload", [1, 2, 3])).ShouldHaveMetaErrorAsync(400, 131009, "invalid_request");
        await client.PostAsync($"/v23.0/{sandbox.PhoneNumberId}/media", Form("image/webp", new byte[600 * 1024])).ShouldHaveMetaErrorAsync(413, 131009, "invalid_request");
        await client.PostAsync($"/v23.0/{sandbox.PhoneNumberId}/media", new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" } })
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        await client.PostAsJsonAsync($"/v23.0/{sandbox.PhoneNumberId}/media", new { messaging_product = "whatsapp" }).ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
    }

    [Fact]
    public async Task Upload_IsCappedAtItsTypesLimit_413_AndAStaticStickerAt100KB()
    {
        var client = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "media:write" } }));
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var path = $"/v23.0/{sandbox.PhoneNumberId}/media";
        await client.PostAsync(path, Form("image/png", new byte[(5 * 1024 * 1024) + 1])).ShouldHaveMetaErrorAsync(413, 131009, "invalid_request");
        await client.PostAsync(path, Form("image/webp", new byte[150 * 1024])).ShouldHaveMetaErrorAsync(413, 131009, "invalid_request");

        // Past the 64 KB cap of the surface's JSON calls: media has its own.
        await UploadAsync(client, sandbox, "image/png", new byte[4 * 1024 * 1024]);
        var animated = new byte[150 * 1024];
        "RIFF"u8.CopyTo(animated);
        "WEBPVP8X"u8.CopyTo(animated.AsSpan(8));
        animated[20] = 0x02; // the animation flag
        await UploadAsync(client, sandbox, "image/webp", animated);
    }

    [Fact]
    public async Task Media_NeedsItsPermissions_AndStaysInItsAccount()
    {
        var writer = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "media:write", "media:read" } }));
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var id = await UploadAsync(writer, sandbox, "application/pdf");
        var reader = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }));
        await reader.GetAsync($"/v23.0/{id}").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        var stranger = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "media:read", "media:write" } }, by: await app.NewAccountOwnerAsync()));
        await stranger.GetAsync($"/v23.0/{id}").ShouldBeUnknownObjectAsync();
        await stranger.DeleteAsync($"/v23.0/{id}").ShouldBeUnknownObjectAsync();
        await stranger.GetAsync($"/v1/media/{id}/download").ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task SendingAnUnknownMediaId_Is131009()
    {
        var client = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } }));
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        await sandbox.CustomerWritesAsync(client);
        await client.PostAsJsonAsync(sandbox.MessagesPath, new { messaging_product = "whatsapp", to = Sandbox.Customer, type = "image", image = new { id = "424242424242" } })
            .ShouldHaveMetaErrorAsync(400, 131009, "invalid_request");
    }

    public static async Task<string> UploadAsync(HttpClient client, Sandbox sandbox, string type, byte[]? bytes = null)
    {
        var uploaded = await client.PostAsync($"/v23.0/{sandbox.PhoneNumberId}/media", Form(type, bytes ?? RandomNumberGenerator.GetBytes(512))).JsonAsync();
        return uploaded.GetProperty("id").GetString()!;
    }

    public static MultipartFormDataContent Form(string type, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new(type);
        return new MultipartFormDataContent
        {
            { file, "file", "upload.bin" },
            { new StringContent(type), "type" },
            { new StringContent("whatsapp"), "messaging_product" },
        };
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MediaTestsOnPostgres(PostgresKeygateApp app) : MediaTests(app), IClassFixture<PostgresKeygateApp>;
