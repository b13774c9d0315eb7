using System.Text;
using Keygate.WhatsApp.Contacts;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests;

/// <summary>
/// <c>/v1/contacts</c> through HTTP with real keys. Tests that list or count work in an account of their own;
/// the others use numbers no other test uses.
/// </summary>
public class ContactTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private static readonly string[] ReadWrite = ["contacts:read", "contacts:write"];

    [Fact]
    public async Task Lifecycle_CreateGetPatchDelete_WorksEndToEnd()
    {
        var (_, client) = await TenantKeyAsync(ReadWrite);

        var created = await client.PostAsJsonAsync("/v1/contacts", new
        {
            waId = "+44 7700 900-123",
            name = "Ana Lima",
            tags = new[] { "VIP", "lead", "vip" },
            customFields = new { plan = "gold", seats = 5, paying = true },
        });
        var contact = await created.JsonAsync(201);
        var id = contact.GetProperty("id").GetString()!;
        Assert.StartsWith("ctc_", id);
        Assert.Equal($"/v1/contacts/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("447700900123", contact.GetProperty("waId").GetString());
        Assert.Equal(["lead", "vip"], Strings(contact.GetProperty("tags")));
        Assert.Equal("""{"plan":"gold","seats":5,"paying":true}""", contact.GetProperty("customFields").GetRawText());
        Assert.Equal("unknown", contact.GetProperty("optIn").GetString());
        Assert.Equal(JsonValueKind.Null, contact.GetProperty("optInChangedAt").ValueKind);

        var get = await client.GetAsync($"/v1/contacts/{id}");
        var etag = get.Headers.ETag!.Tag;
        Assert.Equal(contact.GetRawText(), (await get.JsonAsync()).GetRawText());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var patch = JsonDocument.Parse("""
            {"name": "Ana L. Lima", "tags": ["customer"], "customFields": {"seats": null, "region": "EU"},
             "optIn": "opted_in", "optInSource": "checkout form"}
            """).RootElement;
        var edited = await client.PatchJsonAsync($"/v1/contacts/{id}", patch, etag).JsonAsync();
        Assert.Equal("Ana L. Lima", edited.GetProperty("name").GetString());
        Assert.Equal(["customer"], Strings(edited.GetProperty("tags")));
        Assert.Equal("""{"plan":"gold","paying":true,"region":"EU"}""", edited.GetProperty("customFields").GetRawText());
        Assert.Equal("opted_in", edited.GetProperty("optIn").GetString());
        Assert.Equal("checkout form", edited.GetProperty("optInSource").GetString());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, edited.GetProperty("optInChangedAt").GetDateTime(), TimeSpan.FromMilliseconds(1));

        await client.PatchJsonAsync($"/v1/contacts/{id}", new { name = "Stale" }, etag).ShouldBeProblemAsync(412, "precondition_failed");
        await client.SendAsync(DeleteIfMatch($"/v1/contacts/{id}", etag)).ShouldBeProblemAsync(412, "precondition_failed");
        Assert.Equal("Ana L. Lima", (await client.GetAsync($"/v1/contacts/{id}").JsonAsync()).GetProperty("name").GetString());

        // A change of state without a source drops the previous change's source rather than misattributing it.
        var mergePatch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/contacts/{id}")
        {
            Content = new StringContent("""{"optIn": "opted_out"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        var optedOut = await client.SendAsync(mergePatch).JsonAsync();
        Assert.Equal(JsonValueKind.Null, optedOut.GetProperty("optInSource").ValueKind);
        var cleared = await client.PatchJsonAsync($"/v1/contacts/{id}", JsonDocument.Parse("""{"name": null, "tags": null, "customFields": null}""").RootElement).JsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("name").ValueKind);
        Assert.Empty(Strings(cleared.GetProperty("tags")));
        Assert.Equal("{}", cleared.GetProperty("customFields").GetRawText());

        var current = (await client.GetAsync($"/v1/contacts/{id}")).Headers.ETag!.Tag;
        await client.SendAsync(DeleteIfMatch($"/v1/contacts/{id}", current)).ShouldHaveStatusAsync(204);
        await client.GetAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(404, "not_found");
        await client.DeleteAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(404, "not_found");

        // The number is free again; a contact with tags goes with its tags.
        var again = await client.PostAsJsonAsync("/v1/contacts", new { waId = "447700900123", tags = new[] { "vip" } }).JsonAsync(201);
        await client.DeleteAsync($"/v1/contacts/{again.GetProperty("id").GetString()}").ShouldHaveStatusAsync(204);
        Assert.Equal(0, (await client.GetAsync("/v1/contacts?tag=vip").JsonAsync()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Create_NormalisesTheNumber_AndTheSameNumberInAnyFormIsAConflictWithinTheAccount()
    {
        var (_, client) = await TenantKeyAsync(ReadWrite);
        var first = await client.PostAsJsonAsync("/v1/contacts", new { waId = "+1 (415) 555-0100" }).JsonAsync(201);
        Assert.Equal("14155550100", first.GetProperty("waId").GetString());
        var firstId = first.GetProperty("id").GetString()!;

        foreach (var form in new[] { "14155550100", "+14155550100", "1-415-555-0100", " +1 415.555.0100 " })
        {
            var conflict = await client.PostAsJsonAsync("/v1/contacts", new { waId = form }).ShouldBeProblemAsync(409, "conflict");
            Assert.Contains(firstId, conflict.GetProperty("detail").GetString());
        }

        var second = await client.PostAsJsonAsync("/v1/contacts", new { waId = "14155550101" }).JsonAsync(201);
        await client.PatchJsonAsync($"/v1/contacts/{second.GetProperty("id").GetString()}", new { waId = "+1 415 555 0100" })
            .ShouldBeProblemAsync(409, "conflict");

        var (_, otherAccount) = await TenantKeyAsync(ReadWrite);
        await otherAccount.PostAsJsonAsync("/v1/contacts", new { waId = "14155550100" }).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task List_FiltersByNameOrNumberTagAndOptIn_AndPagesNewestFirst()
    {
        var (_, client) = await TenantKeyAsync(ReadWrite);
        var people = new[]
        {
            (Number: "5511987650001", Name: "Beatriz Souza", Tags: new[] { "vip" }, OptIn: "opted_in"),
            (Number: "5511987650002", Name: "Carlos 100%", Tags: new[] { "lead" }, OptIn: "opted_out"),
            (Number: "5521987650003", Name: "Dalia Souza", Tags: new[] { "vip", "lead" }, OptIn: "unknown"),
            (Number: "4915112345678", Name: "Emil", Tags: Array.Empty<string>(), OptIn: "opted_in"),
            (Number: "919812345678", Name: "Farah", Tags: new[] { "vip" }, OptIn: "unknown"),
        };
        var ids = new List<string>();
        foreach (var person in people)
        {
            var created = await client.PostAsJsonAsync("/v1/contacts", new { waId = person.Number, name = person.Name, tags = person.Tags, optIn = person.OptIn }).JsonAsync(201);
            ids.Add(created.GetProperty("id").GetString()!);
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetAsync("/v1/contacts?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")).JsonAsync();
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(ids.AsEnumerable().Reverse(), seen);

        Assert.Equal([ids[4], ids[2], ids[0]], Ids(await client.GetAsync("/v1/contacts?tag=VIP").JsonAsync()));
        Assert.Equal([ids[3], ids[0]], Ids(await client.GetAsync("/v1/contacts?optIn=opted_in").JsonAsync()));
        Assert.Equal([ids[2]], Ids(await client.GetAsync("/v1/contacts?tag=lead&optIn=unknown").JsonAsync()));
        Assert.Equal([ids[2], ids[0]], Ids(await client.GetAsync("/v1/contacts?q=souza").JsonAsync()));
        Assert.Equal([ids[1]], Ids(await client.GetAsync("/v1/contacts?q=100%25").JsonAsync()));
        Assert.Equal([ids[1], ids[0]], Ids(await client.GetAsync("/v1/contacts?q=" + Uri.EscapeDataString("+55 11 98765")).JsonAsync()));
        Assert.Equal([ids[3]], Ids(await client.GetAsync("/v1/contacts?q=15112345").JsonAsync()));
    }

    [Theory]
    [InlineData("/v1/contacts?tag=two%20words", "tag")]
    [InlineData("/v1/contacts?optIn=yes", "optIn")]
    [InlineData("/v1/contacts?q=", "q")]
    [InlineData("/v1/contacts?limit=101", "limit")]
    [InlineData("/v1/contacts?cursor=not-a-cursor!", "cursor")]
    public async Task List_WithABadFilter_NamesIt(string path, string field)
    {
        var owner = await app.OwnerAsync();
        var problem = await owner.GetAsync(path).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    public static TheoryData<string, string, string> InvalidCreates => new()
    {
        { """{"name":"no number"}""", "waId", "" },
        { """{"waId":"12345"}""", "waId", "12345" },
        { """{"waId":"1234567890123456"}""", "waId", "1234567890123456" },
        { """{"waId":"07700 900123"}""", "waId", "7700900123" },
        { """{"waId":"0044 7700 900124"}""", "waId", "447700900124" },
        { """{"waId":"+44 7700 9OO125"}""", "waId", "" },
        { """{"waId":"ext. 447700900126"}""", "waId", "447700900126" },
        { """{"waId":447700900127}""", "waId", "447700900127" },
        { """{"waId":null}""", "waId", "" },
        { """{"waId":"447700900128","name":""}""", "name", "447700900128" },
        { "{\"waId\":\"447700900129\",\"name\":\"" + new string('n', 201) + "\"}", "name", "447700900129" },
        { """{"waId":"447700900130","name":42}""", "name", "447700900130" },
        { """{"waId":"447700900131","tags":"vip"}""", "tags", "447700900131" },
        { """{"waId":"447700900132","tags":["ok","two words"]}""", "tags[1]", "447700900132" },
        { """{"waId":"447700900133","tags":[7]}""", "tags[0]", "447700900133" },
        { "{\"waId\":\"447700900134\",\"tags\":[" + string.Join(',', Enumerable.Range(1, 21).Select(i => $"\"t{i}\"")) + "]}", "tags", "447700900134" },
        { "{\"waId\":\"447700900135\",\"tags\":[\"" + new string('t', 33) + "\"]}", "tags[0]", "447700900135" },
        { """{"waId":"447700900136","customFields":["a"]}""", "customFields", "447700900136" },
        { """{"waId":"447700900137","customFields":{"address":{"city":"Porto"}}}""", "customFields.address", "447700900137" },
        { """{"waId":"447700900138","customFields":{"list":[1,2]}}""", "customFields.list", "447700900138" },
        { "{\"waId\":\"447700900139\",\"customFields\":{\"notes\":\"" + new string('x', 4100) + "\"}}", "customFields", "447700900139" },
        { """{"waId":"447700900140","optIn":"yes"}""", "optIn", "447700900140" },
        { """{"waId":"447700900141","optIn":true}""", "optIn", "447700900141" },
        { "{\"waId\":\"447700900142\",\"optInSource\":\"" + new string('s', 101) + "\"}", "optInSource", "447700900142" },
        { """{"waId":"447700900143","phone":"447700900143"}""", "phone", "447700900143" },
        { """{"waId":"447700900144","id":"ctc_mine"}""", "id", "447700900144" },
        { "[]", "$", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_WithInvalidInput_NamesTheFieldAndStoresNothing(string body, string field, string number)
    {
        var owner = await app.OwnerAsync();
        var problem = await owner.PostAsync("/v1/contacts", Json(body)).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        if (number.Length > 0)
        {
            var found = await owner.GetAsync($"/v1/contacts?q={number}").JsonAsync();
            Assert.Equal(0, found.GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task Patch_WithInvalidInput_ChangesNothing()
    {
        var owner = await app.OwnerAsync();
        var contact = await owner.PostAsJsonAsync("/v1/contacts", new { waId = "447700900200", name = "Kept", tags = new[] { "kept" }, customFields = new { kept = 1 } }).JsonAsync(201);
        var id = contact.GetProperty("id").GetString();

        var patch = JsonDocument.Parse("""{"name": "Changed", "tags": ["changed"], "customFields": {"kept": null}, "optIn": "opted_in", "waId": "not a number"}""").RootElement;
        var problem = await owner.PatchJsonAsync($"/v1/contacts/{id}", patch).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("waId", out _));
        var readOnly = JsonDocument.Parse("""{"name": "Changed", "createdAt": "2020-01-01T00:00:00Z", "waId": null}""").RootElement;
        var refused = await owner.PatchJsonAsync($"/v1/contacts/{id}", readOnly).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(refused.GetProperty("errors").TryGetProperty("createdAt", out _));
        Assert.True(refused.GetProperty("errors").TryGetProperty("waId", out _));

        var after = await owner.GetAsync($"/v1/contacts/{id}");
        Assert.Equal("\"1\"", after.Headers.ETag?.Tag);
        Assert.Equal(contact.GetRawText(), (await after.JsonAsync()).GetRawText());
    }

    [Fact]
    public async Task Permissions_ReadCannotWrite_AndOtherPermissionsCanDoNeither()
    {
        var owner = await app.OwnerAsync();
        var id = (await owner.PostAsJsonAsync("/v1/contacts", new { waId = "447700900300" }).JsonAsync(201)).GetProperty("id").GetString();

        var reader = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "contacts:read" } }));
        await reader.GetAsync($"/v1/contacts/{id}").ShouldHaveStatusAsync(200);
        await reader.GetAsync("/v1/contacts").ShouldHaveStatusAsync(200);
        await reader.PostAsJsonAsync("/v1/contacts", new { waId = "447700900301" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await reader.PatchJsonAsync($"/v1/contacts/{id}", new { name = "Nope" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await reader.DeleteAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(403, "insufficient_permissions");

        var outsider = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send", "keys:read" } }));
        await outsider.GetAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(403, "insufficient_permissions");
        await outsider.GetAsync("/v1/contacts").ShouldBeProblemAsync(403, "insufficient_permissions");
        await outsider.PostAsJsonAsync("/v1/contacts", new { waId = "447700900302" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await outsider.DeleteAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(403, "insufficient_permissions");

        await app.Anonymous().GetAsync("/v1/contacts").ShouldBeProblemAsync(401, "missing_credentials");
        await owner.GetAsync($"/v1/contacts/{id}").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task OtherAccountsContacts_AreInvisible_AndAnswerLikeOnesThatNeverExisted()
    {
        var (_, mine) = await TenantKeyAsync(ReadWrite);
        var id = (await mine.PostAsJsonAsync("/v1/contacts", new { waId = "447700900400", name = "Private Person" }).JsonAsync(201)).GetProperty("id").GetString();
        var (_, theirs) = await TenantKeyAsync(ReadWrite);

        var hidden = await theirs.GetAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(404, "not_found");
        var absent = await theirs.GetAsync("/v1/contacts/ctc_doesnotexist0000000").ShouldBeProblemAsync(404, "not_found");
        Assert.Equal(absent.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        await theirs.PatchJsonAsync($"/v1/contacts/{id}", new { name = "Taken over" }).ShouldBeProblemAsync(404, "not_found");
        await theirs.DeleteAsync($"/v1/contacts/{id}").ShouldBeProblemAsync(404, "not_found");
        Assert.Equal(0, (await theirs.GetAsync("/v1/contacts").JsonAsync()).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await theirs.GetAsync("/v1/contacts?q=Private").JsonAsync()).GetProperty("items").GetArrayLength());

        var still = await mine.GetAsync($"/v1/contacts/{id}").JsonAsync();
        Assert.Equal("Private Person", still.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ContactBook_RecordsInboundSenders_AndAnswersOptInForSending()
    {
        var (tenant, client) = await TenantKeyAsync(ReadWrite);
        var book = app.Services.GetRequiredService<ContactBook>();
        var cancel = TestContext.Current.CancellationToken;

        Assert.Null(await book.OptInOfAsync(tenant.AccountId, "447700900500", cancel));
        await book.RecordInboundAsync(tenant.AccountId, "447700900500", "  Ana 🌻  ", cancel);
        var added = (await client.GetAsync("/v1/contacts?q=447700900500").JsonAsync()).GetProperty("items")[0];
        Assert.Equal("Ana 🌻", added.GetProperty("name").GetString());
        Assert.Equal("unknown", added.GetProperty("optIn").GetString());
        Assert.Equal(OptInState.Unknown, await book.OptInOfAsync(tenant.AccountId, "+44 7700 900500", cancel));

        var id = added.GetProperty("id").GetString();
        await client.PatchJsonAsync($"/v1/contacts/{id}", new { name = "Ana Lima", optIn = "opted_out" }).ShouldHaveStatusAsync(200);
        await book.RecordInboundAsync(tenant.AccountId, "447700900500", "Someone Else", cancel);
        var kept = await client.GetAsync($"/v1/contacts/{id}").JsonAsync();
        Assert.Equal("Ana Lima", kept.GetProperty("name").GetString());
        Assert.Equal(OptInState.OptedOut, await book.OptInOfAsync(tenant.AccountId, "447700900500", cancel));

        var nameless = await client.PostAsJsonAsync("/v1/contacts", new { waId = "447700900501" }).JsonAsync(201);
        await book.RecordInboundAsync(tenant.AccountId, "+44 7700 900501", "Bruno", cancel);
        var named = await client.GetAsync($"/v1/contacts/{nameless.GetProperty("id").GetString()}").JsonAsync();
        Assert.Equal("Bruno", named.GetProperty("name").GetString());

        Assert.Null(await book.OptInOfAsync((await app.NewAccountAsync()).AccountId, "447700900500", cancel));
    }

    /// <summary>A fresh account and a client for a key of it holding <paramref name="permissions"/>.</summary>
    private async Task<(Tenant Tenant, HttpClient Client)> TenantKeyAsync(string[] permissions)
    {
        var tenant = await app.NewAccountAsync();
        return (tenant, app.ClientFor(await app.CreateKeyAsync(new { permissions }, by: tenant.Owner)));
    }

    private static HttpRequestMessage DeleteIfMatch(string path, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, path);
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class ContactTestsOnPostgres(PostgresKeygateApp app) : ContactTests(app), IClassFixture<PostgresKeygateApp>;
