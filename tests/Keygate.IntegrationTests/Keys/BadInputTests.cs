using System.Security.Cryptography;
using System.Text;

namespace Keygate.IntegrationTests;

public class BadInputTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    public static TheoryData<string, string> InvalidCreates => new()
    {
        { """{"environment":"production"}""", "name" },
        { """{"name":"","environment":"production"}""", "name" },
        { """{"name":"   ","environment":"production"}""", "name" },
        { "{\"name\":\"" + new string('n', 101) + "\",\"environment\":\"production\"}", "name" },
        { """{"name":"nul\u0000byte","environment":"production"}""", "name" },
        { """{"name":"no-env"}""", "environment" },
        { """{"name":"bad-env","environment":"prod"}""", "environment" },
        { """{"name":"unknown-field","environment":"production","colour":"blue"}""", "colour" },
        { """{"name":"bad-cidr","environment":"production","ipAllowlist":["10.0.0.0/33"]}""", "ipAllowlist[0]" },
        { """{"name":"host-bits","environment":"production","ipAllowlist":["203.0.113.0/24","10.1.2.3/8"]}""", "ipAllowlist[1]" },
        { """{"name":"not-ip","environment":"production","ipAllowlist":["localhost"]}""", "ipAllowlist[0]" },
        { """{"name":"bad-perm","environment":"production","permissions":["messages:send","root"]}""", "permissions[1]" },
        { """{"name":"bad-phone","environment":"production","phoneNumberIds":["+1 555"]}""", "phoneNumberIds[0]" },
        { """{"name":"bad-rate","environment":"production","rateLimits":[{"name":"s","limit":0,"periodSeconds":1}]}""", "rateLimits[0].limit" },
        { """{"name":"bad-period","environment":"production","rateLimits":[{"name":"d","limit":5,"periodSeconds":86401}]}""", "rateLimits[0].periodSeconds" },
        { """{"name":"bad-quota","environment":"production","quotas":[{"metric":"bytes","limit":5,"period":"day"}]}""", "quotas[0].metric" },
        { """{"name":"past","environment":"production","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt" },
        { """{"name":"bad-signing","environment":"production","signing":"sometimes"}""", "signing" },
        { """{"name":"bad-label","environment":"production","labels":{"te am":"x"}}""", "labels.te am" },
        { """{"name":"bad-meta","environment":"production","metadata":[1,2]}""", "metadata" },
        { """{"name":5,"environment":"production"}""", "name" },
        { "[]", "$" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Create_WithInvalidInput_NamesTheFieldAndStoresNothing(string body, string field)
    {
        var owner = await app.OwnerAsync();
        var before = await CountKeysAsync(owner);
        var problem = await owner.PostAsync("/v1/keys", Json(body)).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(before, await CountKeysAsync(owner));
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": \"x\",}")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Create_WithMalformedJson_Is400(string body)
    {
        var owner = await app.OwnerAsync();
        await owner.PostAsync("/v1/keys", Json(body)).ShouldBeProblemAsync(400, "invalid_request");
    }

    [Fact]
    public async Task Create_WithDeeplyNestedMetadata_Is400()
    {
        var owner = await app.OwnerAsync();
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        await owner.PostAsync("/v1/keys", Json($$"""{"name":"deep","environment":"production","metadata":{{deep}}}""")).ShouldBeProblemAsync(400, "invalid_request");
    }

    [Fact]
    public async Task Create_WithMetadataOver8KB_Is400()
    {
        var owner = await app.OwnerAsync();
        var big = new { name = "big-meta", environment = "production", metadata = new { blob = new string('x', 8200) } };
        var problem = await owner.PostAsJsonAsync("/v1/keys", big).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Create_WithAnOversizedBody_Is413()
    {
        var owner = await app.OwnerAsync();
        var huge = new { name = "huge", environment = "production", metadata = new { blob = new string('x', 200_000) } };
        await owner.PostAsJsonAsync("/v1/keys", huge).ShouldBeProblemAsync(413, "invalid_request");

        // Without a Content-Length (chunked), the limit is enforced while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(huge))));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/keys") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await owner.SendAsync(request).ShouldBeProblemAsync(413, "invalid_request");
    }

    [Fact]
    public async Task Create_WithTheWrongContentType_IsAProblemNotA500()
    {
        var owner = await app.OwnerAsync();
        var response = await owner.PostAsync("/v1/keys", new StringContent("""{"name":"x","environment":"production"}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Patch_WithInvalidInput_ChangesNothing()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new { name = "patch-target", ipAllowlist = new[] { "198.51.100.0/24" } });
        var problem = await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "renamed", ipAllowlist = new[] { "nonsense" } }).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty("ipAllowlist[0]", out _));
        var after = await owner.GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.Equal("patch-target", after.GetProperty("name").GetString());
        Assert.Equal("198.51.100.0/24", after.GetProperty("ipAllowlist")[0].GetString());
    }

    [Fact]
    public async Task TenKilobyteTokens_AreAnsweredLikeAnUnknownKey()
    {
        var token = new string('A', 10 * 1024);
        foreach (var header in new[] { ("Authorization", "Bearer " + token), ("Authorization", "Basic " + token), ("X-API-KEY", token) })
        {
            var client = app.Anonymous();
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Item1, header.Item2);
            await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        }
    }

    [Fact]
    public async Task AThousandRandomKeyIds_AllAnswerExactlyLikeOneUnknownKey()
    {
        var client = app.Anonymous();
        var secret = (await app.CreateKeyAsync()).Secret;
        var answers = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var id = "kg_live_" + new string(RandomNumberGenerator.GetItems<char>("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 22));
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/whoami");
            request.Headers.Add("X-API-KEY", id);
            request.Headers.Add("X-API-SECRET", secret);
            var response = await client.SendAsync(request);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            // Everything but the trace id must be identical.
            answers.Add($"{(int)response.StatusCode} {problem.GetProperty("code")} {problem.GetProperty("title")} {problem.GetProperty("detail")} {problem.GetProperty("type")} {response.Headers.WwwAuthenticate}");
        }
        var answer = Assert.Single(answers);
        Assert.StartsWith("401 invalid_credentials", answer);
    }

    [Fact]
    public async Task UnknownRoute_IsAProblemDocument()
    {
        var problem = await app.Anonymous().GetAsync("/v1/nothing-here").ShouldBeProblemAsync(404, "not_found");
        Assert.False(problem.TryGetProperty("stackTrace", out _));
    }

    [Theory]
    [InlineData("/v1/keys?limit=0", "limit")]
    [InlineData("/v1/keys?limit=101", "limit")]
    [InlineData("/v1/keys?cursor=%00%01garbage", "cursor")]
    [InlineData("/v1/keys?status=sleeping", "status")]
    [InlineData("/v1/keys?label=nocolon", "label")]
    public async Task List_WithBadQueryParameters_NamesThem(string url, string field)
    {
        var owner = await app.OwnerAsync();
        var problem = await owner.GetAsync(url).ShouldBeProblemAsync(400, "invalid_request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task List_WithANonNumericLimit_IsAProblemNotA500()
    {
        var owner = await app.OwnerAsync();
        await owner.GetAsync("/v1/keys?limit=lots").ShouldBeProblemAsync(400, "invalid_request");
    }

    [Theory]
    [InlineData("""{"email":"owner@keygate.test"}""")]
    [InlineData("""{"email":"owner@keygate.test","password":"x","extra":1}""")]
    [InlineData("{")]
    public async Task Login_WithBadInput_Is400(string body)
    {
        await app.Anonymous().PostAsync("/v1/auth/login", Json(body)).ShouldBeProblemAsync(400, "invalid_request");
    }

    [Theory]
    [InlineData("granularity=second")]
    [InlineData("granularity=minute&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")]
    [InlineData("from=yesterday")]
    [InlineData("groupBy=colour")]
    [InlineData("format=xml")]
    public async Task Usage_WithBadParameters_Is400(string query)
    {
        await (await app.OwnerAsync()).GetAsync($"/v1/usage?{query}").ShouldBeProblemAsync(400, "invalid_request");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<int> CountKeysAsync(HttpClient owner) =>
        (await owner.GetAsync("/v1/keys?limit=100").JsonAsync()).GetProperty("items").GetArrayLength();
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class BadInputTestsOnPostgres(PostgresKeygateApp app) : BadInputTests(app), IClassFixture<PostgresKeygateApp>;
