using System.Text;

namespace Keygate.IntegrationTests;

public class SignedRequestTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private long Now => app.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task SignedRequest_WithAGoodSignature_Authenticates()
    {
        var key = await app.CreateKeyAsync(new { signing = "allowed" });
        var response = await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami?x=1&y=two", key.Id, key.Secret, Now));
        var whoami = await response.JsonAsync();
        Assert.Equal(key.Id, whoami.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task SignedRequest_WithABody_IsCheckedAndTheBodyStillReachesTheEndpoint()
    {
        var key = await app.CreateKeyAsync(new { signing = "required", permissions = new[] { "keys:manage" } });
        var body = Encoding.UTF8.GetBytes("""{"name":"signed-child","environment":"production","signing":"required"}""");
        var created = await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Post, "/v1/keys", key.Id, key.Secret, Now, body: body)).JsonAsync(201);
        Assert.Equal("signed-child", created.GetProperty("name").GetString());
    }

    [Fact]
    public async Task SignedRequest_WithABodyChangedByOneByte_IsRefused()
    {
        var key = await app.CreateKeyAsync(new { signing = "allowed", permissions = new[] { "keys:manage" } });
        var signedBody = Encoding.UTF8.GetBytes("""{"name":"tampered-a","environment":"production"}""");
        var sentBody = Encoding.UTF8.GetBytes("""{"name":"tampered-b","environment":"production"}""");
        var request = RequestSigner.Sign(HttpMethod.Post, "/v1/keys", key.Id, key.Secret, Now, body: sentBody, signedBody: signedBody);
        await app.Anonymous().SendAsync(request).ShouldBeProblemAsync(401, "invalid_credentials");
        var owner = await app.OwnerAsync();
        var list = await owner.GetAsync("/v1/keys?q=tampered").JsonAsync();
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task SignedRequest_301SecondsOff_IsRefused_300IsAccepted()
    {
        var key = await app.CreateKeyAsync(new { signing = "allowed" });
        var client = app.Anonymous();
        await client.SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, Now - 301)).ShouldBeProblemAsync(401, "invalid_credentials");
        await client.SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, Now + 301)).ShouldBeProblemAsync(401, "invalid_credentials");
        await client.SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, Now - 300)).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task SignedRequest_ReplayedNonce_IsRefused()
    {
        var key = await app.CreateKeyAsync(new { signing = "allowed" });
        var client = app.Anonymous();
        var nonce = "nonce-" + Guid.NewGuid().ToString("N");
        await client.SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, Now, nonce)).ShouldHaveStatusAsync(200);
        var replay = await client.SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, Now, nonce)).ShouldBeProblemAsync(401, "invalid_credentials");
        Assert.Contains("nonce", replay.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SigningRequired_RefusesThePlainSecret_SigningOff_RefusesSignatures()
    {
        var required = await app.CreateKeyAsync(new { signing = "required" });
        await app.ClientFor(required).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");

        var off = await app.CreateKeyAsync();
        await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", off.Id, off.Secret, Now)).ShouldBeProblemAsync(401, "invalid_credentials");
        await app.ClientFor(off).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task SigningCanBeTurnedOn_OnlyWithARotation()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync();
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { signing = "allowed" }).ShouldBeProblemAsync(400, "invalid_request");
        var rotated = await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { signing = "allowed" }).JsonAsync();
        var secret = rotated.GetProperty("apiSecret").GetString()!;
        await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, secret, Now)).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task SignedRequest_ForARevokedKey_IsRevoked()
    {
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync(new { signing = "allowed" });
        await owner.PostAsync($"/v1/keys/{key.Id}/disable", null).ShouldHaveStatusAsync(200);
        await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", key.Id, key.Secret, Now)).ShouldBeProblemAsync(401, "key_disabled");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class SignedRequestTestsOnPostgres(PostgresKeygateApp app) : SignedRequestTests(app), IClassFixture<PostgresKeygateApp>;
