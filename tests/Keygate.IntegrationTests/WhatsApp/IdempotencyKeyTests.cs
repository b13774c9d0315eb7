namespace Keygate.IntegrationTests;

/// <summary>
/// The <c>Idempotency-Key</c> of sends on the sandbox (the Meta side is in <see cref="MetaSendsTests"/>): a retry gets the
/// first answer and sends nothing; only a send that went ahead uses up its key.
/// </summary>
public class IdempotencyKeyTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task ARetry_GetsTheFirstAnswerByteForByte_AndTheMessageIsSentOnce()
    {
        var (sender, key, sandbox) = await SenderAsync();
        await sandbox.CustomerWritesAsync(sender);

        var first = await SendAsync(sender, sandbox, "retry-1");
        var second = await SendAsync(sender, sandbox, "retry-1");

        await first.ShouldHaveStatusAsync(200);
        await second.ShouldHaveStatusAsync(200);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var history = await sender.GetAsync($"/v1/messages?keyId={key.Id}&direction=outbound").JsonAsync();
        Assert.Equal(1, history.GetProperty("items").GetArrayLength());
        await SendAsync(sender, sandbox, "retry-1", "Something else").ShouldHaveMetaErrorAsync(422, 100, "idempotency_key_reused");
    }

    [Fact]
    public async Task ARetry_IsNotChargedAgain_AgainstTheKeysMessageQuota()
    {
        var tenant = await app.NewAccountAsync();
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" }, quotas = new[] { new { metric = "messages", limit = 1, period = "day" } } }, by: tenant.Owner);
        var (sender, sandbox) = (app.ClientFor(key), await Sandbox.OfAsync(tenant.Owner));
        await sandbox.CustomerWritesAsync(sender);

        await SendAsync(sender, sandbox, "quota-1").ShouldHaveStatusAsync(200);
        await SendAsync(sender, sandbox, "quota-1").ShouldHaveStatusAsync(200);
        await SendAsync(sender, sandbox, "quota-2").ShouldHaveMetaErrorAsync(429, 4, "quota_exceeded");
    }

    [Fact]
    public async Task ASendKeygateRefused_DoesNotUseUpItsKey()
    {
        var (sender, _, sandbox) = await SenderAsync("templates:write");
        var welcome = new { messaging_product = "whatsapp", to = Sandbox.Customer, type = "template", template = new { name = "welcome_back", language = new { code = "en_US" } } };

        // No such template yet: refused (132001), so nothing was sent under the key.
        await SendAsync(sender, sandbox, "welcome-1", welcome).ShouldHaveMetaErrorAsync(404, 132001, "invalid_request");
        await sender.PostAsJsonAsync($"/v23.0/{sandbox.WabaId}/message_templates",
            new { name = "welcome_back", language = "en_US", category = "UTILITY", components = new object[] { new { type = "BODY", text = "Welcome back!" } } }).ShouldHaveStatusAsync(200);
        var sent = await SendAsync(sender, sandbox, "welcome-1", welcome).JsonAsync();

        Assert.StartsWith("wamid.", sent.GetProperty("messages")[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("256 characters")]
    public async Task AnInvalidKey_Is400InMetasEnvelope_AndNothingIsSent(string idempotencyKey)
    {
        var (sender, key, sandbox) = await SenderAsync();
        await sandbox.CustomerWritesAsync(sender);
        await SendAsync(sender, sandbox, idempotencyKey == "256 characters" ? new string('k', 256) : idempotencyKey).ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        var history = await sender.GetAsync($"/v1/messages?keyId={key.Id}&direction=outbound").JsonAsync();
        Assert.Equal(0, history.GetProperty("items").GetArrayLength());
    }

    private async Task<(HttpClient Sender, CreatedKey Key, Sandbox Sandbox)> SenderAsync(params string[] more)
    {
        var tenant = await app.NewAccountAsync();
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send", "messages:read" }.Concat(more).ToArray() }, by: tenant.Owner);
        return (app.ClientFor(key), key, await Sandbox.OfAsync(tenant.Owner));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient sender, Sandbox sandbox, string idempotencyKey, string text = "Your order shipped") =>
        SendAsync(sender, sandbox, idempotencyKey, Sandbox.Text(Sandbox.Customer, text));

    private static Task<HttpResponseMessage> SendAsync(HttpClient sender, Sandbox sandbox, string idempotencyKey, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, sandbox.MessagesPath) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return sender.SendAsync(request);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class IdempotencyKeyTestsOnPostgres(PostgresKeygateApp app) : IdempotencyKeyTests(app), IClassFixture<PostgresKeygateApp>;
