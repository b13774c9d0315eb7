namespace Keygate.IntegrationTests.Keys;

/// <summary>
/// Grace expiry and revocation hold on every door a credential can come through: each plain credential form, the
/// signed form, <c>/v1/keys/verify</c> and the Cloud API surface. A rule tested on one door can silently break on its twin.
/// </summary>
public class EveryDoorTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    public static TheoryData<string> Doors => ["HeaderPair", "SingleHeader", "Basic", "Bearer", "Signed", "Verify", "CloudApi"];

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task RotatedOutSecret_WorksDuringItsGracePeriod_AndNeverAfter(string door)
    {
        var key = await app.CreateKeyAsync(new { signing = "allowed", permissions = new[] { "messages:send", "keys:read" } });
        var rotated = await (await app.OwnerAsync()).PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 300 }).JsonAsync();

        Assert.True(await AcceptedAsync(door, key.Id, key.Secret), "the old secret must work during the grace period");
        app.Clock.Advance(TimeSpan.FromSeconds(301));
        Assert.False(await AcceptedAsync(door, key.Id, key.Secret), "the old secret must stop working when the grace period ends");
        Assert.True(await AcceptedAsync(door, key.Id, rotated.GetProperty("apiSecret").GetString()!), "the new secret must work");
    }

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task RevokedKey_IsRefused(string door)
    {
        var key = await app.CreateKeyAsync(new { signing = "allowed", permissions = new[] { "messages:send", "keys:read" } });
        Assert.True(await AcceptedAsync(door, key.Id, key.Secret));
        await (await app.OwnerAsync()).PostAsJsonAsync($"/v1/keys/{key.Id}/revoke", new { }).ShouldHaveStatusAsync(200);
        Assert.False(await AcceptedAsync(door, key.Id, key.Secret));
    }

    /// <summary>Whether the door lets this credential through.</summary>
    private async Task<bool> AcceptedAsync(string door, string keyId, string secret)
    {
        switch (door)
        {
            case "Signed":
                var signed = RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", keyId, secret, app.Clock.GetUtcNow().ToUnixTimeSeconds());
                return (await app.Anonymous().SendAsync(signed)).IsSuccessStatusCode;
            case "Verify":
                var checker = app.ClientFor(await app.CreateKeyAsync(new { permissions = new[] { "keys:verify" } }));
                var answer = await checker.PostAsJsonAsync("/v1/keys/verify", new { apiKey = keyId, apiSecret = secret }).JsonAsync();
                return answer.GetProperty("valid").GetBoolean();
            case "CloudApi":
                var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
                return (await app.ClientFor(keyId, secret).PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld())).IsSuccessStatusCode;
            default:
                return (await app.ClientFor(keyId, secret, Enum.Parse<CredentialForm>(door)).GetAsync("/v1/whoami")).IsSuccessStatusCode;
        }
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class EveryDoorTestsOnPostgres(PostgresKeygateApp app) : EveryDoorTests(app), IClassFixture<PostgresKeygateApp>;
