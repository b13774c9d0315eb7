namespace Keygate.IntegrationTests;

/// <summary>
/// <c>POST /v1/phone-numbers</c> registers a real number only once Meta confirms that the given token can read it in the
/// stated WABA, so knowing another tenant's number id neither claims it nor tells whether someone here registered it.
/// </summary>
public class PhoneNumberOwnershipTests(KeygateWithMeta fixture) : IClassFixture<KeygateWithMeta>
{
    private readonly KeygateApp _app = fixture.App;

    [Fact]
    public async Task AnotherTenantsNumber_WithATokenThatCannotReadIt_IsRefusedExactlyLikeANumberNobodyRegistered()
    {
        var (victimToken, attackerToken) = (NewToken(), NewToken());
        var (victimNumber, victimWaba, attackerNumber, attackerWaba, unregistered) = (NewId(), NewId(), NewId(), NewId(), NewId());
        fixture.Meta.Owns(victimToken, victimNumber, victimWaba);
        fixture.Meta.Owns(victimToken, unregistered, victimWaba);
        fixture.Meta.Owns(attackerToken, attackerNumber, attackerWaba);
        var victim = await _app.NewAccountOwnerAsync();
        var attacker = await _app.NewAccountOwnerAsync();
        await victim.PostAsJsonAsync("/v1/phone-numbers", Registration(victimNumber, victimWaba, victimToken)).ShouldHaveStatusAsync(201);

        var registered = await attacker.PostAsJsonAsync("/v1/phone-numbers", Registration(victimNumber, victimWaba, attackerToken))
            .ShouldBeProblemAsync(400, "invalid_request");
        var nobodys = await attacker.PostAsJsonAsync("/v1/phone-numbers", Registration(unregistered, victimWaba, attackerToken))
            .ShouldBeProblemAsync(400, "invalid_request");

        Assert.Equal(nobodys.GetProperty("errors").GetRawText(), registered.GetProperty("errors").GetRawText());
        Assert.Equal(nobodys.GetProperty("detail").GetString(), registered.GetProperty("detail").GetString());
        await attacker.GetAsync($"/v1/phone-numbers/{victimNumber}").ShouldBeProblemAsync(404, "not_found");
        await attacker.GetAsync($"/v1/phone-numbers/{unregistered}").ShouldBeProblemAsync(404, "not_found");
        await victim.GetAsync($"/v1/phone-numbers/{victimNumber}").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ANumber_IsRegisteredOnlyWhenMetaConfirmsTheTokenReadsItInTheStatedWaba()
    {
        var (token, number, waba, otherWaba) = (NewToken(), NewId(), NewId(), NewId());
        fixture.Meta.Owns(token, number, waba);
        fixture.Meta.Owns(token, NewId(), otherWaba);
        var owner = await _app.NewAccountOwnerAsync();

        await owner.PostAsJsonAsync("/v1/phone-numbers", Registration(number, otherWaba, token)).ShouldBeProblemAsync(400, "invalid_request");
        await owner.PostAsJsonAsync("/v1/phone-numbers", Registration(number, waba, "EAAG-a-token-meta-never-issued")).ShouldBeProblemAsync(400, "invalid_request");
        await owner.GetAsync($"/v1/phone-numbers/{number}").ShouldBeProblemAsync(404, "not_found");

        var created = await owner.PostAsJsonAsync("/v1/phone-numbers", Registration(number, waba, token)).JsonAsync(201);
        Assert.Equal(number, created.GetProperty("number").GetProperty("id").GetString());
    }

    [Fact]
    public async Task TwoAccountsWhoseTokensBothReadTheNumber_TheFirstKeepsIt_AndTheSecondIsToldItIsTaken()
    {
        var (first, second, number, waba) = (NewToken(), NewToken(), NewId(), NewId());
        fixture.Meta.Owns(first, number, waba);
        fixture.Meta.Owns(second, number, waba);
        var firstOwner = await _app.NewAccountOwnerAsync();
        var secondOwner = await _app.NewAccountOwnerAsync();
        await firstOwner.PostAsJsonAsync("/v1/phone-numbers", Registration(number, waba, first)).ShouldHaveStatusAsync(201);

        await secondOwner.PostAsJsonAsync("/v1/phone-numbers", Registration(number, waba, second)).ShouldBeProblemAsync(409, "conflict");

        await secondOwner.GetAsync($"/v1/phone-numbers/{number}").ShouldBeProblemAsync(404, "not_found");
        await firstOwner.GetAsync($"/v1/phone-numbers/{number}").ShouldHaveStatusAsync(200);
    }

    private static object Registration(string phoneNumberId, string wabaId, string accessToken) => new
    {
        phoneNumberId,
        wabaId,
        displayNumber = "+1 555 010 0000",
        accessToken,
        appSecret = "app-secret-" + phoneNumberId,
    };

    private static string NewToken() => "EAAG-" + Guid.NewGuid().ToString("N");

    private static string NewId() => "1" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class PhoneNumberOwnershipTestsOnPostgres(PostgresKeygateWithMeta fixture) : PhoneNumberOwnershipTests(fixture), IClassFixture<PostgresKeygateWithMeta>;
