using System.Globalization;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>A real number registered at the fake Meta in an account of its own, with the ids and secrets a test drives it by.</summary>
public sealed record MetaNumber(Tenant Tenant, string PhoneNumberId, string WabaId, string DisplayNumber, string AccessToken, string AppSecret, JsonElement Registered)
{
    public HttpClient Owner => Tenant.Owner;

    public string MessagesPath => $"/v23.0/{PhoneNumberId}/messages";

    public static string NewId() => "1" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(CultureInfo.InvariantCulture);
}

public static class MetaNumbers
{
    /// <summary>
    /// A new account registers a new number of a new WABA, read by <paramref name="accessToken"/> (by default the token the
    /// fake Meta's messages call accepts, so sends through it succeed).
    /// </summary>
    public static Task<MetaNumber> RegisterMetaNumberAsync(this KeygateWithMeta fixture, string accessToken = FakeMeta.AccessToken) =>
        fixture.App.RegisterMetaNumberAsync(fixture.Meta, accessToken);

    /// <summary>As above, for a host of the test's own whose Meta is <paramref name="meta"/>.</summary>
    public static async Task<MetaNumber> RegisterMetaNumberAsync(this KeygateApp app, FakeMeta meta, string accessToken = FakeMeta.AccessToken)
    {
        var tenant = await app.NewAccountAsync();
        var (phoneNumberId, wabaId) = (MetaNumber.NewId(), MetaNumber.NewId());
        var display = "+1 555 01" + phoneNumberId[^5..];
        var appSecret = "app-secret-" + phoneNumberId;
        meta.Owns(accessToken, phoneNumberId, wabaId);
        var registered = await tenant.Owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId,
            wabaId,
            displayNumber = display,
            accessToken,
            appSecret,
            verifyToken = "verify-token-" + phoneNumberId,
        }).JsonAsync(201);
        return new MetaNumber(tenant, phoneNumberId, wabaId, display, accessToken, appSecret, registered);
    }

    /// <summary>A template message with no parameters (the fake Meta checks none).</summary>
    public static object Template(string name, string to = Sandbox.Customer) => new
    {
        messaging_product = "whatsapp",
        to,
        type = "template",
        template = new { name, language = new { code = "en_US" } },
    };
}
