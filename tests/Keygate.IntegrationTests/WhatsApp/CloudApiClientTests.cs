namespace Keygate.IntegrationTests;

/// <summary>
/// A published Cloud API client from npm (@kapso/whatsapp-cloud-api), pointed at Keygate by base URL and
/// token only, sends a text and a template and gets a parseable error for a bad token.
/// </summary>
public class CloudApiClientTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task APublishedCloudApiClient_WorksAgainstKeygate_ByBaseUrlAndTokenOnly()
    {
        if (NodeClient.Missing() is { } missing)
        {
            Assert.Skip(missing);
        }
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        await sandbox.CustomerWritesAsync(app.ClientFor(key));

        var result = await NodeClient.RunAsync("send.mjs",
            ("KEYGATE_URL", app.BaseAddress.ToString().TrimEnd('/')), ("KEYGATE_TOKEN", $"{key.Id}.{key.Secret}"),
            ("PHONE_NUMBER_ID", sandbox.PhoneNumberId), ("TO", "+" + Sandbox.Customer));
        Assert.StartsWith("wamid.", result.GetProperty("textId").GetString());
        Assert.StartsWith("wamid.", result.GetProperty("templateId").GetString());
        var badToken = result.GetProperty("badToken");
        Assert.True(badToken.GetProperty("parsed").GetBoolean(), badToken.GetRawText());
        Assert.Equal(190, badToken.GetProperty("code").GetInt32());
        Assert.Equal(401, badToken.GetProperty("httpStatus").GetInt32());
        Assert.Equal("OAuthException", badToken.GetProperty("type").GetString());
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CloudApiClientTestsOnPostgres(PostgresKeygateApp app) : CloudApiClientTests(app), IClassFixture<PostgresKeygateApp>;
