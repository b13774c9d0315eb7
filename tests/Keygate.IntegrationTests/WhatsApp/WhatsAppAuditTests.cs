using System.Security.Cryptography;

namespace Keygate.IntegrationTests;

/// <summary>
/// Changes to WhatsApp objects (numbers, test recipients, templates, contacts, media) land in the audit trail
/// with their actor and what changed, in the same transaction, and the account's chain still verifies.
/// Each test works in an account of its own.
/// </summary>
public class WhatsAppAuditTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private FakeMeta _meta = null!;
    private KeygateApp _app = null!;

    public async ValueTask InitializeAsync()
    {
        _meta = await FakeMeta.StartAsync();
        _app = KeygateApp.On(Store, ("Meta:BaseUrl", _meta.Address.ToString()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RegisteringAMetaNumber_IsAudited_WithoutItsAccessTokenAppSecretOrVerifyToken()
    {
        var tenant = await _app.NewAccountAsync();
        const string appSecret = "meta-app-secret-never-in-the-trail";
        const string verifyToken = "verify-token-never-in-the-trail";
        _meta.Owns(FakeMeta.AccessToken, "106540352242944", "102290129340322");
        await tenant.Owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = "106540352242944",
            wabaId = "102290129340322",
            displayNumber = "+1 555 012 7777",
            accessToken = FakeMeta.AccessToken,
            appSecret,
            verifyToken,
        }).ShouldHaveStatusAsync(201);

        var entry = await SingleAsync(tenant.Owner, "phone_number.registered");
        Assert.Equal($"user:{tenant.OwnerId}", Actor(entry));
        Assert.Equal("phone_number", entry.GetProperty("targetType").GetString());
        Assert.Equal("106540352242944", entry.GetProperty("targetId").GetString());
        Assert.Equal("102290129340322", After(entry, "wabaId").GetString());
        Assert.Equal("meta", After(entry, "provider").GetString());
        var bodies = new[]
        {
            await tenant.Owner.GetStringAsync("/v1/audit?limit=100"),
            await tenant.Owner.GetStringAsync("/v1/audit/export?format=csv"),
            await tenant.Owner.GetStringAsync("/v1/audit/export?format=jsonl"),
        };
        foreach (var body in bodies)
        {
            Assert.Contains("106540352242944", body, StringComparison.Ordinal);
            foreach (var secret in new[] { FakeMeta.AccessToken, appSecret, verifyToken, "accessToken", "appSecret", "verifyToken", "encrypted" })
            {
                Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
            }
        }
        await ChainVerifiesAsync(tenant.Owner);
    }

    [Fact]
    public async Task EditingTestRecipients_IsAudited_WithBeforeAndAfter()
    {
        var tenant = await _app.NewAccountAsync();
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        await tenant.Owner.PatchJsonAsync($"/v1/phone-numbers/{sandbox.PhoneNumberId}", new { testRecipients = new[] { "15550002222" } }).ShouldHaveStatusAsync(200);
        await tenant.Owner.PatchJsonAsync($"/v1/phone-numbers/{sandbox.PhoneNumberId}", new { testRecipients = new[] { "15550002222", "+1 555 000 3333" } })
            .ShouldHaveStatusAsync(200);

        var entries = await ItemsAsync(tenant.Owner, "/v1/audit?type=phone_number.updated");
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal(sandbox.PhoneNumberId, e.GetProperty("targetId").GetString()));
        var recipients = Changes(entries[0]).GetProperty("testRecipients");
        Assert.Equal("""["15550002222"]""", recipients.GetProperty("before").GetRawText());
        Assert.Equal("""["15550002222","15550003333"]""", recipients.GetProperty("after").GetRawText());
        await ChainVerifiesAsync(tenant.Owner);
    }

    [Fact]
    public async Task CreatingAndDeletingATemplate_IsAudited_NamingTheKey()
    {
        var tenant = await _app.NewAccountAsync();
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "templates:write" } }, by: tenant.Owner);
        var client = _app.ClientFor(key);
        var templates = $"/v23.0/{sandbox.WabaId}/message_templates";
        var created = await client.PostAsJsonAsync(templates, new
        {
            name = "audited_reminder",
            language = "en_US",
            category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "See you on {{1}}." } },
        }).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        await client.DeleteAsync($"{templates}?name=audited_reminder").ShouldHaveStatusAsync(200);

        var entries = await ItemsAsync(tenant.Owner, $"/v1/audit?target={id}");
        Assert.Equal(["template.deleted", "template.created"], entries.Select(TypeOf));
        Assert.All(entries, e => Assert.Equal($"key:{key.Id}", Actor(e)));
        Assert.All(entries, e => Assert.Equal("template", e.GetProperty("targetType").GetString()));
        Assert.Equal("audited_reminder", After(entries[1], "name").GetString());
        Assert.Equal(sandbox.WabaId, After(entries[1], "wabaId").GetString());
        Assert.Equal("audited_reminder", Changes(entries[0]).GetProperty("name").GetProperty("before").GetString());
        Assert.Equal(JsonValueKind.Null, After(entries[0], "name").ValueKind);
        await ChainVerifiesAsync(tenant.Owner);
    }

    [Fact]
    public async Task ContactCreateEditOptInAndDelete_AreAudited()
    {
        var tenant = await _app.NewAccountAsync();
        var created = await tenant.Owner.PostAsJsonAsync("/v1/contacts", new { waId = "+44 7700 900 555", name = "Ana" });
        var id = (await created.JsonAsync(201)).GetProperty("id").GetString()!;
        var renamed = await tenant.Owner.PatchJsonAsync($"/v1/contacts/{id}", new { name = "Ana Lima" }, created.Headers.ETag!.Tag);
        await renamed.ShouldHaveStatusAsync(200);
        var optedIn = await tenant.Owner.PatchJsonAsync($"/v1/contacts/{id}", new { optIn = "opted_in", optInSource = "checkout form" }, renamed.Headers.ETag!.Tag);
        await optedIn.ShouldHaveStatusAsync(200);
        await tenant.Owner.DeleteAsync($"/v1/contacts/{id}").ShouldHaveStatusAsync(204);

        var entries = await ItemsAsync(tenant.Owner, $"/v1/audit?target={id}");
        Assert.Equal(["contact.deleted", "contact.opt_in_changed", "contact.updated", "contact.created"], entries.Select(TypeOf));
        Assert.All(entries, e => Assert.Equal("contact", e.GetProperty("targetType").GetString()));
        Assert.Equal("447700900555", After(entries[3], "waId").GetString());
        Assert.Equal("""{"name":{"before":"Ana","after":"Ana Lima"}}""", Changes(entries[2]).GetRawText());
        var optIn = Changes(entries[1]);
        Assert.Equal("unknown", optIn.GetProperty("optIn").GetProperty("before").GetString());
        Assert.Equal("opted_in", optIn.GetProperty("optIn").GetProperty("after").GetString());
        Assert.Equal("checkout form", optIn.GetProperty("optInSource").GetProperty("after").GetString());
        Assert.Equal("447700900555", Changes(entries[0]).GetProperty("waId").GetProperty("before").GetString());
        await ChainVerifiesAsync(tenant.Owner);
    }

    [Fact]
    public async Task UploadingAndDeletingMedia_IsAudited()
    {
        var tenant = await _app.NewAccountAsync();
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        var key = await _app.CreateKeyAsync(new { permissions = new[] { "media:write" } }, by: tenant.Owner);
        var bytes = RandomNumberGenerator.GetBytes(700);
        var id = await MediaTests.UploadAsync(_app.ClientFor(key), sandbox, "image/png", bytes);
        await _app.ClientFor(key).DeleteAsync($"/v23.0/{id}").ShouldHaveStatusAsync(200);

        var entries = await ItemsAsync(tenant.Owner, $"/v1/audit?target={id}");
        Assert.Equal(["media.deleted", "media.uploaded"], entries.Select(TypeOf));
        Assert.All(entries, e => Assert.Equal($"key:{key.Id}", Actor(e)));
        Assert.All(entries, e => Assert.Equal("media", e.GetProperty("targetType").GetString()));
        Assert.Equal(sandbox.PhoneNumberId, After(entries[1], "phoneNumberId").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), After(entries[1], "sha256").GetString());
        Assert.Equal(700, After(entries[1], "fileSize").GetInt64());
        Assert.Equal("image/png", Changes(entries[0]).GetProperty("mimeType").GetProperty("before").GetString());
        await ChainVerifiesAsync(tenant.Owner);
    }

    private static async Task ChainVerifiesAsync(HttpClient owner)
    {
        var verification = await owner.GetAsync("/v1/audit/verify").JsonAsync();
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.GetRawText());
    }

    private static async Task<JsonElement> SingleAsync(HttpClient client, string type) =>
        Assert.Single(await ItemsAsync(client, $"/v1/audit?type={type}"));

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string path) =>
        (await client.GetAsync(path).JsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private static string? TypeOf(JsonElement entry) => entry.GetProperty("type").GetString();

    private static JsonElement Changes(JsonElement entry) => entry.GetProperty("changes");

    private static JsonElement After(JsonElement entry, string field) => Changes(entry).GetProperty(field).GetProperty("after");

    private static string Actor(JsonElement entry) =>
        $"{entry.GetProperty("actorType").GetString()}:{entry.GetProperty("actorId").GetString()}";
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class WhatsAppAuditTestsOnPostgres : WhatsAppAuditTests
{
    protected override Store Store => Store.PostgreSql;
}
