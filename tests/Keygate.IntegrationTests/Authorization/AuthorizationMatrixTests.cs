using System.Security.Cryptography;

namespace Keygate.IntegrationTests;

/// <summary>
/// Every way a key can fail, against one endpoint group (key management), in one table. Each case
/// makes its own key so that the cases do not depend on one another.
/// </summary>
public class AuthorizationMatrixTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    public static TheoryData<string, int, string> Cases => new()
    {
        { "missing", 401, "missing_credentials" },
        { "malformed", 401, "invalid_credentials" },
        { "unknown key", 401, "invalid_credentials" },
        { "wrong secret", 401, "invalid_credentials" },
        { "disabled", 401, "key_disabled" },
        { "revoked", 401, "key_revoked" },
        { "wrong permission", 403, "insufficient_permissions" },
        { "ip not allowed", 403, "ip_not_allowed" },
        { "other account", 404, "not_found" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task KeyManagement_RefusesEachFailure_WithItsProblem(string @case, int status, string code)
    {
        var owner = await app.OwnerAsync();
        var target = await app.CreateKeyAsync();
        var client = @case switch
        {
            "missing" => app.Anonymous(),
            "malformed" => WithAuthorization("Bearer not-a-key"),
            "unknown key" => app.ClientFor("kg_live_" + RandomBase62(22), target.Secret),
            "wrong secret" => app.ClientFor(target.Id, (await app.CreateKeyAsync()).Secret),
            "disabled" => await KeyAfterAsync("disable"),
            "revoked" => await KeyAfterAsync("revoke"),
            "wrong permission" => app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } })),
            "ip not allowed" => app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:read" }, ipAllowlist = new[] { "203.0.113.0/24" } })),
            "other account" => app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:read" } }, by: await app.NewAccountOwnerAsync())),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };

        await client.GetAsync($"/v1/keys/{target.Id}").ShouldBeProblemAsync(status, code);

        async Task<HttpClient> KeyAfterAsync(string action)
        {
            var key = await app.CreateKeyAsync(new { permissions = new[] { "keys:read" } });
            await owner.PostAsync($"/v1/keys/{key.Id}/{action}", null).ShouldHaveStatusAsync(200);
            return app.ClientFor(key);
        }
    }

    [Fact]
    public async Task OtherAccountsKey_AnswersExactlyLikeAKeyThatNeverExisted()
    {
        var foreignOwner = await app.NewAccountOwnerAsync();
        var foreign = await app.CreateKeyAsync(by: foreignOwner);
        var reader = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:read", "keys:manage" } }));

        var hidden = await reader.GetAsync($"/v1/keys/{foreign.Id}").ShouldBeProblemAsync(404, "not_found");
        var absent = await reader.GetAsync($"/v1/keys/kg_live_{RandomBase62(22)}").ShouldBeProblemAsync(404, "not_found");
        Assert.Equal(absent.GetProperty("detail").GetString(), hidden.GetProperty("detail").GetString());
        await reader.PostAsync($"/v1/keys/{foreign.Id}/revoke", null).ShouldBeProblemAsync(404, "not_found");
        await app.ClientFor(foreign).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ExpiredKey_IsRefusedOnceTheClockPassesItsExpiry()
    {
        var key = await app.CreateKeyAsync(new { expiresAt = app.Clock.GetUtcNow().AddHours(1) });
        var client = app.ClientFor(key);
        await client.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_expired");
        var listed = await (await app.OwnerAsync()).GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.Equal("expired", listed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RotatedOldSecret_WorksUntilTheGracePeriodEnds()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync();
        var rotated = await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 600 }).JsonAsync();
        var newSecret = rotated.GetProperty("apiSecret").GetString()!;

        app.Clock.Advance(TimeSpan.FromSeconds(599));
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        await app.ClientFor(key.Id, newSecret).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task RotationWithoutGrace_RetiresTheOldSecretAtOnce()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync();
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { }).ShouldHaveStatusAsync(200);
        await app.ClientFor(key).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
    }

    private HttpClient WithAuthorization(string value)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", value);
        return client;
    }

    private static string RandomBase62(int length) =>
        new(RandomNumberGenerator.GetItems<char>("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", length));
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class AuthorizationMatrixTestsOnPostgres(PostgresKeygateApp app) : AuthorizationMatrixTests(app), IClassFixture<PostgresKeygateApp>;
