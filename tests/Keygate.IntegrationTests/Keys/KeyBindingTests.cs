namespace Keygate.IntegrationTests.Keys;

/// <summary>A key is bound only to numbers its account has (issue 9, item 12).</summary>
public class KeyBindingTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task BindingToANumberTheAccountDoesNotHave_IsRefused_OnCreateAndEdit()
    {
        var owner = await app.OwnerAsync();
        var other = await app.NewAccountAsync();
        var foreignNumber = (await Sandbox.OfAsync(other.Owner)).PhoneNumberId;
        var ownNumber = (await Sandbox.OfAsync(owner)).PhoneNumberId;

        foreach (var id in new[] { "100000000000001", foreignNumber })
        {
            var problem = await owner.PostAsJsonAsync("/v1/keys", new { name = $"bound-{id}", environment = "production", phoneNumberIds = new[] { ownNumber, id } })
                .ShouldBeProblemAsync(400, "invalid_request");
            Assert.True(problem.GetProperty("errors").TryGetProperty("phoneNumberIds[1]", out _), problem.GetRawText());
        }

        var key = await app.CreateKeyAsync(new { phoneNumberIds = new[] { ownNumber } });
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { phoneNumberIds = new[] { foreignNumber } }).ShouldBeProblemAsync(400, "invalid_request");
        var stored = await owner.GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.Equal(ownNumber, stored.GetProperty("phoneNumberIds")[0].GetString());
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class KeyBindingTestsOnPostgres(PostgresKeygateApp app) : KeyBindingTests(app), IClassFixture<PostgresKeygateApp>;
