using System.Text;

namespace Keygate.IntegrationTests.WhatsApp;

/// <summary>
/// Every error under <c>/{version}</c> is in Meta's envelope, those the framework raises included: an unknown route or id,
/// a method a route does not take, an unsupported media type, a body too large; <c>details</c> reads as a sentence, and
/// Keygate's own code travels in <c>keygate_code</c>.
/// </summary>
public class CloudApiEnvelopeTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Theory]
    [InlineData("GET", "/v23.0/not/a/graph/path/at/all")]
    [InlineData("GET", "/v23.0/123456789012345/whatsapp_business_profile")]
    [InlineData("POST", "/v23.0/123456789012345/register")]
    [InlineData("PATCH", "/v23.0/123456789012345")]
    public async Task AnUnknownRouteOrId_IsMetasUnknownObject(string method, string path)
    {
        var client = await ClientAsync();
        var error = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).ShouldBeUnknownObjectAsync();
        Assert.DoesNotContain("not_found", error.GetProperty("error_data").GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMethodARouteDoesNotTake_IsAnsweredInMetasEnvelope_NotA405()
    {
        var client = await ClientAsync();
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        await client.PutAsync(sandbox.MessagesPath, JsonContent.Create(Sandbox.HelloWorld())).ShouldBeUnknownObjectAsync();
    }

    [Fact]
    public async Task AnUnsupportedMediaType_IsA415InMetasEnvelope()
    {
        var client = await ClientAsync();
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        await client.PostAsync(sandbox.MessagesPath, new StringContent("to=15550001111", Encoding.UTF8, "text/plain"))
            .ShouldHaveMetaErrorAsync(415, 100, "invalid_request");
    }

    [Fact]
    public async Task ABodyTooLarge_IsA413InMetasEnvelope()
    {
        var client = await ClientAsync();
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        var text = new string('x', 200 * 1024);
        await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, text)).ShouldHaveMetaErrorAsync(413, 100, "invalid_request");
    }

    private async Task<HttpClient> ClientAsync() => app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send", "media:read" } }));
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CloudApiEnvelopeTestsOnPostgres(PostgresKeygateApp app) : CloudApiEnvelopeTests(app), IClassFixture<PostgresKeygateApp>;
