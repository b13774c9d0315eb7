namespace Keygate.IntegrationTests;

/// <summary>The Meta provider against a local fake of Meta's Cloud API.</summary>
public class MetaProviderTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private const string PhoneNumberId = "106540352242922";
    private FakeMeta _meta = null!;
    private KeygateApp _app = null!;
    private HttpClient _sender = null!;
    private HttpClient _staging = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _app = KeygateApp.On(Store, ("Meta:BaseUrl", _meta.Address.ToString()), ("Meta:AttemptTimeoutSeconds", "5"));
        _meta.Owns(FakeMeta.AccessToken, PhoneNumberId, "102290129340398");
        var owner = await _app.OwnerAsync();
        var registered = await owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = PhoneNumberId,
            wabaId = "102290129340398",
            displayNumber = "+1 555 012 3456",
            accessToken = FakeMeta.AccessToken,
            appSecret = "meta-app-secret-for-webhooks",
        }).JsonAsync(201);
        Assert.Equal(48, registered.GetProperty("verifyToken").GetString()!.Length);
        _sender = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" } }));
        _staging = _app.ClientFor(await _app.CreateKeyAsync(new { environment = "staging", permissions = new[] { "messages:send" } }));
    }

    [Fact]
    public async Task KeyBoundToAnotherNumber_IsPhoneNumberNotAllowed()
    {
        var sandbox = await Sandbox.OfAsync(await _app.OwnerAsync());
        var metaOnly = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" }, phoneNumberIds = new[] { PhoneNumberId } }));
        await metaOnly.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveMetaErrorAsync(403, 200, "phone_number_not_allowed");
        var sandboxOnly = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "messages:send" }, phoneNumberIds = new[] { sandbox.PhoneNumberId } }));
        await sandboxOnly.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld(Sandbox.Customer)).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task Success_ForwardsTheBodyWithTheStoredToken_AndRecordsHistory()
    {
        var body = Sandbox.HelloWorld("+" + Sandbox.Customer);
        var sent = await _sender.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", body).JsonAsync();
        var wamid = sent.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.META", wamid);

        var received = Assert.Single(_meta.Received);
        Assert.Equal($"/v23.0/{PhoneNumberId}/messages", received.Path);
        Assert.Equal($"Bearer {FakeMeta.AccessToken}", received.Authorization);
        Assert.Equal(JsonSerializer.Serialize(body), received.Body);
        var stored = await _sender.GetAsync($"/v1/messages/{wamid}").JsonAsync();
        Assert.Equal(PhoneNumberId, stored.GetProperty("phoneNumberId").GetString());
    }

    [Fact]
    public async Task AClientError_IsPassedThroughUnchanged_AndNotRetried()
    {
        _meta.ThenAnswer(400, metaCode: 131009);
        var response = await _sender.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", Sandbox.HelloWorld("+" + Sandbox.Customer));
        await response.ShouldHaveStatusAsync(400);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(131009, error.GetProperty("code").GetInt32());
        Assert.Equal("AFakeTraceId", error.GetProperty("fbtrace_id").GetString());
        Assert.Single(_meta.Received);
    }

    [Theory]
    [InlineData("""{"error":"Rate limit hit"}""")]
    [InlineData("""{"error":{"code":"130429","message":"text code"}}""")]
    [InlineData("""{"error":{"code":1e400}}""")]
    [InlineData("""[{"error":{"code":4}}]""")]
    [InlineData("<html>Bad request</html>")]
    public async Task AnErrorInAShapeMetaDoesNotDocument_IsPassedThrough_NotA500(string answer)
    {
        _meta.ThenAnswerRaw(400, answer);
        var response = await _sender.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", Sandbox.HelloWorld("+" + Sandbox.Customer));
        await response.ShouldHaveStatusAsync(400);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        Assert.Single(_meta.Received);
    }

    [Fact]
    public async Task ATimeout_IsAnsweredCleanly_InMetasEnvelope()
    {
        var release = _meta.ThenHoldTheAnswer();
        try
        {
            // One attempt is 5 s here.
            var answer = _meta.OutwaitHeldCallAsync(_app, _sender.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", Sandbox.HelloWorld("+" + Sandbox.Customer)), TimeSpan.FromSeconds(6));
            await answer.ShouldHaveMetaErrorAsync(503, 2, "unavailable");
        }
        finally
        {
            release();
        }
    }

    [Fact]
    public async Task NonProductionKeys_NeverReachMeta()
    {
        var owner = await _app.OwnerAsync();
        var sandbox = await Sandbox.OfAsync(owner);
        await owner.PatchJsonAsync($"/v1/phone-numbers/{sandbox.PhoneNumberId}", new { testRecipients = new[] { Sandbox.Customer } }).ShouldHaveStatusAsync(200);
        await _staging.PostAsJsonAsync($"/v23.0/{PhoneNumberId}/messages", Sandbox.HelloWorld("+" + Sandbox.Customer)).ShouldHaveStatusAsync(200);
        Assert.Empty(_meta.Received);
    }

    [Fact]
    public async Task TheStoredTokenAndAppSecret_AreNeverShown()
    {
        var owner = await _app.OwnerAsync();
        var numbers = await owner.GetStringAsync("/v1/phone-numbers");
        Assert.Contains(PhoneNumberId, numbers);
        Assert.DoesNotContain(FakeMeta.AccessToken, numbers);
        Assert.DoesNotContain("meta-app-secret-for-webhooks", numbers);
        await owner.PostAsJsonAsync("/v1/phone-numbers", new { phoneNumberId = PhoneNumberId, wabaId = "1", displayNumber = "x", accessToken = "t", appSecret = "s" })
            .ShouldBeProblemAsync(409, "conflict");
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Contains(FakeMeta.AccessToken, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class MetaProviderTestsOnPostgres : MetaProviderTests
{
    protected override Store Store => Store.PostgreSql;
}
