using System.Net.Http.Headers;

namespace Keygate.IntegrationTests.WhatsApp.PassThrough;

/// <summary>
/// Who may not pass a Graph call through: each refusal is answered in Meta's envelope and never reaches Meta. A key bound
/// to number A, a key lacking the family's permission, a non-production key, another tenant, nobody; and a call the
/// family table does not list.
/// </summary>
public class GraphPassThroughRefusalTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private static readonly string[] Readers = ["phone-numbers:read", "media:read", "media:write", "templates:read"];

    [Fact]
    public async Task AKeyBoundToNumberA_DoesNotReachNumberBOrItsObjects()
    {
        var a = await MetaTenant.RegisterAsync(fixture);
        var b = await a.AnotherNumberAsync();
        var bMedia = await UploadAsync(await b.KeyAsync(Readers), b.NumberId);
        var boundToA = await a.KeyAsync(Readers, phoneNumberIds: [a.NumberId]);
        await boundToA.GetAsync($"/v23.0/{a.NumberId}").ShouldHaveStatusAsync(200);

        await boundToA.GetAsync($"/v23.0/{b.NumberId}").ShouldHaveMetaErrorAsync(403, 200, "phone_number_not_allowed");
        await boundToA.GetAsync($"/v23.0/{b.NumberId}/whatsapp_business_profile").ShouldHaveMetaErrorAsync(403, 200, "phone_number_not_allowed");
        await boundToA.GetAsync($"/v23.0/{b.WabaId}/phone_numbers").ShouldBeUnknownObjectAsync();
        await boundToA.GetAsync($"/v23.0/{b.WabaId}/message_templates").ShouldBeUnknownObjectAsync();
        await boundToA.GetAsync($"/v23.0/{bMedia}").ShouldBeUnknownObjectAsync();
        Assert.DoesNotContain(b.CallsAtMeta, c => c.StartsWith("GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AKeyBoundToANumber_CannotReachItsWabasAppSubscription_WhichCarriesEveryNumbersEvents()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var bound = await meta.KeyAsync(["phone-numbers:read", "webhooks:manage"], phoneNumberIds: [meta.NumberId]);

        await bound.PostAsJsonAsync($"/v23.0/{meta.WabaId}/subscribed_apps", new { override_callback_uri = "https://attacker.example/hook", verify_token = "x" })
            .ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await bound.GetAsync($"/v23.0/{meta.WabaId}/subscribed_apps").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await bound.GetAsync($"/v23.0/{meta.WabaId}?fields=id,subscribed_apps").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Empty(meta.CallsAtMeta);

        var unbound = await meta.KeyAsync(["phone-numbers:read", "webhooks:manage"]);
        await unbound.GetAsync($"/v23.0/{meta.WabaId}/subscribed_apps");
        Assert.Single(meta.CallsAtMeta);
    }

    [Fact]
    public async Task AKeyLackingTheFamilysPermission_IsRefusedBeforeMeta()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var mediaOnly = await meta.KeyAsync(["media:read", "phone-numbers:read"]);

        var error = await mediaOnly.PostAsJsonAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile", new { messaging_product = "whatsapp", about = "x" })
            .ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Contains("phone-numbers:manage", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await mediaOnly.GetAsync($"/v23.0/{meta.WabaId}/flows").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await mediaOnly.GetAsync($"/v23.0/{meta.WabaId}?fields=id,analytics.start(1).end(2).granularity(DAY)").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Empty(meta.CallsAtMeta);
    }

    [Fact]
    public async Task AnEdgeNamedInFields_NeedsTheEdgesOwnPermission()
    {
        // Graph expands an edge named in fields as if it had been called: the WABA's own read would hand over its templates.
        var meta = await MetaTenant.RegisterAsync(fixture);
        var numbersOnly = await meta.KeyAsync(["phone-numbers:read"]);

        var error = await numbersOnly.GetAsync($"/v23.0/{meta.WabaId}?fields=id,message_templates.limit(5){{name,components}}")
            .ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Contains("templates:read", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await numbersOnly.GetAsync($"/v23.0/{meta.WabaId}?fields=name&fields=flows").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await numbersOnly.GetAsync($"/v23.0/{meta.WabaId}?fields=phone_numbers{{id,block_users}}").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await numbersOnly.GetAsync($"/v23.0/{meta.NumberId}?fields=id,block_users").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await numbersOnly.GetAsync($"/v23.0/{meta.WabaId}?fields=phone_numbers.fields(id,block_users)").ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        var manager = await meta.KeyAsync(["phone-numbers:read", "phone-numbers:manage"]);
        await manager.PostAsJsonAsync($"/v23.0/{meta.NumberId}", new { pin = "123456", fields = "block_users" }).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        Assert.Empty(meta.CallsAtMeta);

        var templateReader = await meta.KeyAsync(["phone-numbers:read", "templates:read"]);
        await templateReader.GetAsync($"/v23.0/{meta.WabaId}?fields=id,message_templates{{name}}");
        Assert.Single(meta.CallsAtMeta);
    }

    [Fact]
    public async Task GraphsMethodOverride_IsRefused_AndNeverReachesMeta()
    {
        // method=delete on a POST would make Meta run a call other than the one whose family Keygate judged (and audited).
        var meta = await MetaTenant.RegisterAsync(fixture);
        var manager = await meta.KeyAsync(["phone-numbers:read", "phone-numbers:manage"]);

        await manager.PostAsJsonAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile?method=delete", new { messaging_product = "whatsapp" })
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        await manager.GetAsync($"/v23.0/{meta.NumberId}?METHOD=post").ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        // Graph takes parameters from a form or JSON body as well.
        await manager.PostAsync($"/v23.0/{meta.NumberId}", new FormUrlEncodedContent([new("method", "get"), new("fields", "block_users")]))
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        await manager.PostAsJsonAsync($"/v23.0/{meta.NumberId}/settings", new { method = "delete" }).ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        // Also in a body Keygate's own endpoint read first (a template created on a real WABA).
        var templates = await meta.KeyAsync(["templates:write"]);
        await templates.PostAsJsonAsync($"/v23.0/{meta.WabaId}/message_templates",
            new { name = "smuggled", language = "en_US", category = "UTILITY", components = new[] { new { type = "BODY", text = "Hi" } }, method = "delete" })
            .ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        Assert.Empty(meta.CallsAtMeta);

        await manager.PostAsJsonAsync($"/v23.0/{meta.NumberId}", new { pin = "123456" });
        Assert.Single(meta.CallsAtMeta);
    }

    [Fact]
    public async Task ADevelopmentKey_DoesNotReachARealNumberAtMeta_NotEvenToRead()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var media = await UploadAsync(await meta.KeyAsync(Readers), meta.NumberId);
        var development = await meta.KeyAsync(Readers, environment: "development");
        var before = meta.CallsAtMeta.Count();

        await development.GetAsync($"/v23.0/{meta.NumberId}").ShouldHaveMetaErrorAsync(403, 200, "environment_not_allowed");
        await development.GetAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile").ShouldHaveMetaErrorAsync(403, 200, "environment_not_allowed");
        await development.GetAsync($"/v23.0/{media}").ShouldHaveMetaErrorAsync(403, 200, "environment_not_allowed");
        await development.GetAsync($"/v1/media/{media}/download").ShouldBeProblemAsync(403, "environment_not_allowed");
        Assert.Equal(before, meta.CallsAtMeta.Count());
    }

    [Fact]
    public async Task AnotherTenant_FindsNoObjectOfThisAccount_ExactlyAsAnUnknownId()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var media = await UploadAsync(await meta.KeyAsync(Readers), meta.NumberId);
        var other = await (await MetaTenant.RegisterAsync(fixture)).KeyAsync(Readers);
        var callsWithThisTenantsToken = meta.CallsAtMeta.Count();
        // Keygate may ask Meta with the other tenant's own token (which Meta refuses), never with this tenant's.
        foreach (var path in new[] { meta.NumberId, $"{meta.NumberId}/whatsapp_business_profile", $"{meta.WabaId}/phone_numbers", media, MetaNumber.NewId() })
        {
            await other.GetAsync($"/v23.0/{path}").ShouldBeUnknownObjectAsync();
        }
        await other.GetAsync($"/v1/media/{media}/download").ShouldBeProblemAsync(404, "not_found");
        Assert.Equal(callsWithThisTenantsToken, meta.CallsAtMeta.Count());
    }

    [Fact]
    public async Task Anonymous_IsAskedForATokenInMetasTerms()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        await fixture.App.Anonymous().GetAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile").ShouldHaveMetaErrorAsync(401, 190, "missing_credentials");
        Assert.Empty(meta.CallsAtMeta);
    }

    [Fact]
    public async Task ACallTheFamilyTableDoesNotList_NeverReachesMeta()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["phone-numbers:read", "phone-numbers:manage"]);

        var error = await client.GetAsync($"/v23.0/{meta.NumberId}/assigned_users").ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        Assert.Equal("GraphMethodException", error.GetProperty("type").GetString());
        await client.DeleteAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile").ShouldHaveMetaErrorAsync(400, 100, "invalid_request");
        await client.GetAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile/extra").ShouldBeUnknownObjectAsync();
        Assert.Empty(meta.CallsAtMeta);
    }

    [Fact]
    public async Task ABodyOverTheFamilysCap_IsA413InMetasEnvelope_AndNeverReachesMeta()
    {
        var meta = await MetaTenant.RegisterAsync(fixture);
        var client = await meta.KeyAsync(["phone-numbers:manage"]);
        var about = new string('a', 300 * 1024);

        await client.PostAsJsonAsync($"/v23.0/{meta.NumberId}/whatsapp_business_profile", new { messaging_product = "whatsapp", about })
            .ShouldHaveMetaErrorAsync(413, 100, "invalid_request");
        Assert.Empty(meta.CallsAtMeta);
    }

    private static async Task<string> UploadAsync(HttpClient client, string numberId)
    {
        using var form = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" }, { new StringContent("image/jpeg"), "type" } };
        form.Add(new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "file", "a.jpg");
        return (await client.PostAsync($"/v23.0/{numberId}/media", form).JsonAsync()).GetProperty("id").GetString()!;
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class GraphPassThroughRefusalTestsOnPostgres(PostgresKeygateWithMeta fixture) : GraphPassThroughRefusalTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
