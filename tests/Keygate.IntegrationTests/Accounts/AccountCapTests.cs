
namespace Keygate.IntegrationTests;

/// <summary>
/// What one account may keep is capped (<c>AccountCaps</c>), so that one tenant cannot fill a shared host: each cap
/// refuses the object past it with 409 and a code of its own, in a problem document on <c>/v1</c> and in Meta's
/// envelope on the Cloud API; the account's other objects, and other accounts, are untouched.
/// </summary>
public class AccountCapTests : IAsyncLifetime
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    private KeygateApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = KeygateApp.On(Store, [("AccountCaps:Keys", "2"), ("AccountCaps:Templates", "6"), ("AccountCaps:Contacts", "2"),
            ("AccountCaps:MediaBytes", "1000"), ("AccountCaps:Webhooks", "1"), .. WebhookApp.LoopbackAllowed]);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task KeyCap_RefusesTheKeyPastIt_409_UntilOneIsRevoked()
    {
        var tenant = await _app.NewAccountAsync();
        var first = await _app.CreateKeyAsync(by: tenant.Owner);
        await _app.CreateKeyAsync(by: tenant.Owner);
        await tenant.Owner.PostAsJsonAsync("/v1/keys", new { name = "third", environment = "production" }).ShouldBeProblemAsync(409, "key_limit_reached");

        await _app.CreateKeyAsync(by: await _app.NewAccountOwnerAsync()); // another account has room of its own
        await tenant.Owner.PostAsync($"/v1/keys/{first.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await _app.CreateKeyAsync(new { name = "third" }, by: tenant.Owner);
    }

    [Fact]
    public async Task ContactCap_RefusesTheContactPastIt_409()
    {
        var tenant = await _app.NewAccountAsync();
        await tenant.Owner.PostAsJsonAsync("/v1/contacts", new { waId = "447700900001" }).ShouldHaveStatusAsync(201);
        await tenant.Owner.PostAsJsonAsync("/v1/contacts", new { waId = "447700900002" }).ShouldHaveStatusAsync(201);
        await tenant.Owner.PostAsJsonAsync("/v1/contacts", new { waId = "447700900003" }).ShouldBeProblemAsync(409, "contact_limit_reached");
    }

    [Fact]
    public async Task WebhookCap_RefusesTheSubscriptionPastIt_409()
    {
        var tenant = await _app.NewAccountAsync();
        var subscription = new { url = "http://127.0.0.1:9/hook", events = new[] { "messages" } };
        await tenant.Owner.PostAsJsonAsync("/v1/webhooks", subscription).ShouldHaveStatusAsync(201);
        await tenant.Owner.PostAsJsonAsync("/v1/webhooks", subscription).ShouldBeProblemAsync(409, "webhook_limit_reached");
    }

    [Fact]
    public async Task TemplateCap_RefusesTheTemplatePastIt_409InMetasEnvelope()
    {
        var tenant = await _app.NewAccountAsync();
        var client = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "templates:write", "templates:read" } }, by: tenant.Owner));
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        var path = $"/v23.0/{sandbox.WabaId}/message_templates";
        HttpResponseMessage response;
        var created = 0;
        while ((response = await client.PostAsJsonAsync(path, Template($"capped_{created}"))).IsSuccessStatusCode)
        {
            Assert.True(++created <= 6, "The cap let a seventh template in.");
        }
        await Task.FromResult(response).ShouldHaveMetaErrorAsync(409, 100, "template_limit_reached");
        var listed = await client.GetAsync(path).JsonAsync();
        Assert.Equal(6, listed.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task MediaBytesCap_RefusesTheUploadPastIt_409InMetasEnvelope_UntilSomeIsDeleted()
    {
        var tenant = await _app.NewAccountAsync();
        var client = _app.ClientFor(await _app.CreateKeyAsync(new { permissions = new[] { "media:write", "media:read" } }, by: tenant.Owner));
        var sandbox = await Sandbox.OfAsync(tenant.Owner);
        var first = await MediaTests.UploadAsync(client, sandbox, "application/pdf", new byte[600]);
        await client.PostAsync($"/v23.0/{sandbox.PhoneNumberId}/media", MediaTests.Form("application/pdf", new byte[600]))
            .ShouldHaveMetaErrorAsync(409, 100, "media_storage_full");

        await client.DeleteAsync($"/v23.0/{first}").ShouldHaveStatusAsync(200);
        await MediaTests.UploadAsync(client, sandbox, "application/pdf", new byte[600]);
    }

    private static object Template(string name) => new
    {
        name,
        language = "en_US",
        category = "UTILITY",
        components = new[] { new { type = "BODY", text = "Hello" } },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AccountCapTestsOnPostgres : AccountCapTests
{
    protected override Store Store => Store.PostgreSql;
}
