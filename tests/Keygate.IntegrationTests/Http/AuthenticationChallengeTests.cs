namespace Keygate.IntegrationTests.Http;

/// <summary>Every 401 for missing or refused credentials names the schemes Keygate accepts (RFC 9110 requires it), on both API surfaces.</summary>
public sealed class AuthenticationChallengeTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private const string Schemes = "Bearer realm=\"keygate\", Basic realm=\"keygate\", KG-HMAC-SHA256 realm=\"keygate\"";

    [Fact]
    public async Task ManagementApi_WithoutCredentials_401NamesTheAcceptedSchemes()
    {
        var response = await app.Anonymous().GetAsync("/v1/keys");

        await response.ShouldBeProblemAsync(401, "missing_credentials");
        Assert.Equal(Schemes, Challenge(response));
    }

    [Fact]
    public async Task ManagementApi_WithAWrongSecret_401NamesTheAcceptedSchemes()
    {
        var key = await app.CreateKeyAsync();

        var response = await app.ClientFor(key.Id, key.Secret[..^4] + "AAAA").GetAsync("/v1/whoami");

        await response.ShouldBeProblemAsync(401, "invalid_credentials");
        Assert.Equal(Schemes, Challenge(response));
    }

    [Fact]
    public async Task CloudApi_WithoutCredentials_401NamesTheAcceptedSchemes()
    {
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());

        var response = await app.Anonymous().PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld());

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(Schemes, Challenge(response));
    }

    [Fact]
    public async Task CloudApi_WithARevokedKey_401NamesTheAcceptedSchemes()
    {
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        await (await app.OwnerAsync()).PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());

        var response = await app.ClientFor(key, CredentialForm.Basic).PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld());

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(Schemes, Challenge(response));
    }

    [Fact]
    public async Task ForbiddenAndSuccessfulAnswers_CarryNoChallenge()
    {
        var key = await app.CreateKeyAsync(new { permissions = new[] { "usage:read" } });
        var client = app.ClientFor(key);

        Assert.Null(Challenge(await client.GetAsync("/v1/whoami")));
        Assert.Null(Challenge(await client.GetAsync("/v1/keys")));
    }

    private static string? Challenge(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Count == 0 ? null : string.Join(", ", response.Headers.WwwAuthenticate);
}
