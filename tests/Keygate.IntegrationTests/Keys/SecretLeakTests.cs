using System.Text;

namespace Keygate.IntegrationTests;

/// <summary>Secrets must not leave the create and rotate responses: not into logs, the database, lists or errors.</summary>
public class SecretLeakTests
{
    /// <summary>The store this class's hosts run on.</summary>
    protected virtual Store Store => Store.Sqlite;

    [Fact]
    public async Task FullLifecycle_LeavesNoSecretPasswordOrAuthorizationValueInAnyLogLine()
    {
        await using var app = KeygateApp.On(Store);
        var owner = await app.OwnerAsync();
        var sensitive = new List<string> { KeygateApp.AdminPassword };

        var key = await app.CreateKeyAsync(new { permissions = new[] { "keys:manage", "keys:read", "keys:verify" } });
        var signing = await app.CreateKeyAsync(new { signing = "allowed" });
        sensitive.AddRange([key.Secret, signing.Secret]);
        foreach (var form in Enum.GetValues<CredentialForm>())
        {
            await app.ClientFor(key, form).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        }
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key.Id}:{key.Secret}"));
        sensitive.Add(basic);
        await app.Anonymous().SendAsync(RequestSigner.Sign(HttpMethod.Get, "/v1/whoami", signing.Id, signing.Secret, app.Clock.GetUtcNow().ToUnixTimeSeconds()))
            .ShouldHaveStatusAsync(200);
        await app.ClientFor(key.Id, signing.Secret[..^1] + "x").GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        await app.ClientFor(key).GetAsync($"/v1/whoami?api_key={key.Secret}").ShouldBeProblemAsync(400, "credentials_in_url");
        await app.ClientFor(key).PostAsJsonAsync("/v1/keys/verify", new { apiKey = signing.Id, apiSecret = signing.Secret }).ShouldHaveStatusAsync(200);
        var rotated = await owner.PostAsJsonAsync($"/v1/keys/{key.Id}/rotate", new { gracePeriodSeconds = 60 }).JsonAsync();
        var newSecret = rotated.GetProperty("apiSecret").GetString()!;
        sensitive.Add(newSecret);
        await owner.PostAsync($"/v1/keys/{key.Id}/revoke", null).ShouldHaveStatusAsync(200);
        await app.ClientFor(key.Id, newSecret).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "key_revoked");
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = "wrong-" + KeygateApp.AdminPassword })
            .ShouldBeProblemAsync(401, "invalid_credentials");
        var newAccount = await owner.PostAsJsonAsync("/v1/accounts", new { name = "Leak Check", ownerEmail = "leak@tenant.test" }).JsonAsync(201);
        sensitive.Add(newAccount.GetProperty("owner").GetProperty("oneTimePassword").GetString()!);
        var login = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword });
        sensitive.Add(login.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2)[1]);

        Assert.NotEmpty(app.Logs.Lines);
        Assert.Contains(app.Logs.Lines, line => line.Contains(key.Id, StringComparison.Ordinal));
        foreach (var value in sensitive)
        {
            var leaked = app.Logs.Lines.FirstOrDefault(line => line.Contains(value, StringComparison.Ordinal));
            Assert.True(leaked is null, $"A sensitive value appeared in a log line: {leaked}");
        }
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("kgs_live_", StringComparison.Ordinal) || line.Contains("kgs_test_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DatabaseFiles_HoldNoSecretOrPassword()
    {
        string[] secrets;
        string stored;
        var app = KeygateApp.On(Store);
        await using (app)
        {
            var plain = await app.CreateKeyAsync();
            var signing = await app.CreateKeyAsync(new { signing = "required" });
            var rotated = await (await app.OwnerAsync()).PostAsJsonAsync($"/v1/keys/{signing.Id}/rotate", new { gracePeriodSeconds = 600 }).JsonAsync();
            secrets = [plain.Secret, signing.Secret, rotated.GetProperty("apiSecret").GetString()!, KeygateApp.AdminPassword];
            stored = plain.Id;
        }

        var files = await app.DataFilesAsync();
        var contents = await Task.WhenAll(files.Select(f => File.ReadAllBytesAsync(f)));
        // The files read are the ones that hold the data: a key's id, which is stored as it is, is in them.
        Assert.Contains(contents, bytes => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(stored)) >= 0);
        foreach (var (file, bytes) in files.Zip(contents))
        {
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} contains a secret");
                // A run from the middle of a secret, in case something stored it split or re-encoded its prefix.
                var middle = secret[(secret.Length / 2 - 6)..(secret.Length / 2 + 6)];
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(middle)) < 0, $"{Path.GetFileName(file)} contains part of a secret");
            }
        }
    }

    [Fact]
    public async Task ListsAndErrors_NeverCarryTheSecretOrItsHash()
    {
        await using var app = KeygateApp.On(Store);
        var owner = await app.OwnerAsync();
        var key = await app.CreateKeyAsync();
        var bodies = new[]
        {
            await owner.GetStringAsync("/v1/keys"),
            await owner.GetStringAsync($"/v1/keys/{key.Id}"),
            await (await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "renamed" })).Content.ReadAsStringAsync(),
            await (await app.ClientFor(key.Id, key.Secret[..^2] + "zz").GetAsync("/v1/whoami")).Content.ReadAsStringAsync(),
            await (await owner.PostAsync($"/v1/keys/{key.Id}/disable", null)).Content.ReadAsStringAsync(),
        };
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key.Secret)));
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(key.Secret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(hash, body, StringComparison.Ordinal);
            Assert.DoesNotContain("secretHash", body, StringComparison.OrdinalIgnoreCase);
        }
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class SecretLeakTestsOnPostgres : SecretLeakTests
{
    protected override Store Store => Store.PostgreSql;
}
