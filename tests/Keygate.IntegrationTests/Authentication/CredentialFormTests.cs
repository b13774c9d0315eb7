namespace Keygate.IntegrationTests;

public class CredentialFormTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Theory]
    [InlineData(CredentialForm.HeaderPair)]
    [InlineData(CredentialForm.SingleHeader)]
    [InlineData(CredentialForm.Basic)]
    [InlineData(CredentialForm.Bearer)]
    public async Task EachCredentialForm_Authenticates(CredentialForm form)
    {
        var key = await app.CreateKeyAsync();
        var whoami = await app.ClientFor(key, form).GetAsync("/v1/whoami").JsonAsync();
        Assert.Equal(key.Id, whoami.GetProperty("keyId").GetString());
    }

    [Theory]
    [InlineData(CredentialForm.HeaderPair)]
    [InlineData(CredentialForm.SingleHeader)]
    [InlineData(CredentialForm.Basic)]
    [InlineData(CredentialForm.Bearer)]
    public async Task EachCredentialForm_WithAWrongSecret_IsInvalidCredentials(CredentialForm form)
    {
        var key = await app.CreateKeyAsync();
        var other = await app.CreateKeyAsync();
        await app.ClientFor(key.Id, other.Secret, form).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
    }

    [Fact]
    public async Task TwoFormsAtOnce_IsAmbiguous()
    {
        var key = await app.CreateKeyAsync();
        var client = app.ClientFor(key, CredentialForm.HeaderPair);
        client.DefaultRequestHeaders.Authorization = new("Bearer", $"{key.Id}.{key.Secret}");
        await client.GetAsync("/v1/whoami").ShouldBeProblemAsync(400, "ambiguous_credentials");

        var joinedAndSecret = app.Anonymous();
        joinedAndSecret.DefaultRequestHeaders.Add("X-API-KEY", $"{key.Id}.{key.Secret}");
        joinedAndSecret.DefaultRequestHeaders.Add("X-API-SECRET", key.Secret);
        await joinedAndSecret.GetAsync("/v1/whoami").ShouldBeProblemAsync(400, "ambiguous_credentials");
    }

    [Fact]
    public async Task NoCredentials_IsMissingCredentials()
    {
        await app.Anonymous().GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "missing_credentials");
    }

    [Theory]
    [InlineData("api_key")]
    [InlineData("access_token")]
    [InlineData("x-api-secret")]
    public async Task CredentialsInTheQueryString_AreRefusedAndNotLogged(string parameter)
    {
        var key = await app.CreateKeyAsync();
        var response = await app.ClientFor(key).GetAsync($"/v1/whoami?{parameter}={key.Id}.{key.Secret}");
        await response.ShouldBeProblemAsync(400, "credentials_in_url");
        var anyValue = await app.Anonymous().GetAsync($"/v1/whoami?note={key.Secret}");
        await anyValue.ShouldBeProblemAsync(400, "credentials_in_url");
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(key.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALiveKeyWithATestSecret_IsInvalid()
    {
        var live = await app.CreateKeyAsync(new { environment = "production" });
        var test = await app.CreateKeyAsync(new { environment = "staging" });
        await app.ClientFor(live.Id, test.Secret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class CredentialFormTestsOnPostgres(PostgresKeygateApp app) : CredentialFormTests(app), IClassFixture<PostgresKeygateApp>;
