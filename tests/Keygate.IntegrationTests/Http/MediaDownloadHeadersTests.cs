namespace Keygate.IntegrationTests.Http;

/// <summary>
/// Uploaded media is whatever a key holder sent, served from the dashboard's own origin: the browser must neither guess
/// it is HTML (nosniff), nor run anything in it (a sandboxing content policy), nor show it in place (attachment).
/// </summary>
public sealed class MediaDownloadHeadersTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    [InlineData("application/pdf")]
    public async Task MediaDownload_IsNeverSniffedRunOrShownInPlace(string type)
    {
        var client = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "media:write", "media:read" } }));
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var id = await MediaTests.UploadAsync(client, sandbox, type, "<html><script>alert(document.cookie)</script></html>"u8.ToArray());

        var response = await client.GetAsync($"/v1/media/{id}/download");

        await response.ShouldHaveStatusAsync(200);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        var policy = Single(response, "Content-Security-Policy");
        Assert.Contains("sandbox", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);
}
