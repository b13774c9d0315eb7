namespace Keygate.IntegrationTests.WhatsApp.PassThrough;

/// <summary>An account with a real number registered at the fake Meta, under a token of its own; keys of the account on demand.</summary>
public sealed record MetaTenant(KeygateWithMeta Fixture, Tenant Tenant, string Token, string NumberId, string WabaId, string AppSecret)
{
    /// <summary>Registration's own calls (Meta confirming the token reads the number), which come before any test's.</summary>
    private int RegistrationCalls { get; init; }

    public static async Task<MetaTenant> RegisterAsync(KeygateWithMeta fixture, Tenant? tenant = null)
    {
        tenant ??= await fixture.App.NewAccountAsync();
        var (token, number, waba, appSecret) = ("EAAG-" + Guid.NewGuid().ToString("N"), MetaNumber.NewId(), MetaNumber.NewId(), "app-secret-" + Guid.NewGuid().ToString("N"));
        fixture.Meta.Owns(token, number, waba);
        await tenant.Owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = number,
            wabaId = waba,
            displayNumber = "+1 555 010 0000",
            accessToken = token,
            appSecret,
        }).ShouldHaveStatusAsync(201);
        return new MetaTenant(fixture, tenant, token, number, waba, appSecret)
        {
            RegistrationCalls = fixture.Meta.GraphCalls.Count(c => c.Authorization == $"Bearer {token}"),
        };
    }

    /// <summary>Another real number of the same account, in a WABA of its own.</summary>
    public Task<MetaTenant> AnotherNumberAsync() => RegisterAsync(Fixture, Tenant);

    public async Task<HttpClient> KeyAsync(string[] permissions, string environment = "production", string[]? phoneNumberIds = null) =>
        Fixture.App.ClientFor(await Fixture.App.CreateKeyAsync(new { environment, permissions, phoneNumberIds = phoneNumberIds ?? [] }, by: Tenant.Owner));

    /// <summary>The calls that reached the fake Meta with this tenant's token, since its registration.</summary>
    public IEnumerable<string> CallsAtMeta =>
        Fixture.Meta.GraphCalls.Where(c => c.Authorization == $"Bearer {Token}").Skip(RegistrationCalls).Select(c => $"{c.Method} {c.PathAndQuery}");
}
