namespace Keygate.IntegrationTests.Users;

/// <summary>
/// A password someone else handed out (a new account's owner, an invited user) opens nothing through <c>/v1</c> but
/// the password change, logout and whoami until it is replaced: whoever intercepted it cannot use it to mint keys.
/// </summary>
public class HandedOutPasswordTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private const string OwnPassword = "a passphrase of my own";

    [Fact]
    public async Task AHandedOutPassword_OpensOnlyPasswordChangeLogoutAndWhoAmI_UntilItIsChanged()
    {
        var (email, oneTime) = await NewAccountOwnerLoginAsync();
        var session = await app.LoginAsync(email, oneTime);
        var key = new { name = "made-before-the-change", environment = "production", permissions = new[] { "keys:manage" } };

        await session.PostAsJsonAsync("/v1/keys", key).ShouldBeProblemAsync(403, "password_change_required");
        await session.GetAsync("/v1/keys").ShouldBeProblemAsync(403, "password_change_required");
        await session.GetAsync("/v1/phone-numbers").ShouldBeProblemAsync(403, "password_change_required");
        await session.PostAsJsonAsync("/v1/users", new { email = UserIntents.NewEmail("admin"), role = "admin" })
            .ShouldBeProblemAsync(403, "password_change_required");
        var whoami = await session.GetAsync("/v1/whoami").JsonAsync();
        Assert.NotNull(whoami.GetProperty("userId").GetString());

        await session.PostAsJsonAsync("/v1/auth/password", new { currentPassword = oneTime, newPassword = OwnPassword }).ShouldHaveStatusAsync(204);

        await session.PostAsJsonAsync("/v1/keys", key).ShouldHaveStatusAsync(201);
    }

    [Fact]
    public async Task AHandedOutPassword_MayStillLogOut()
    {
        var (email, oneTime) = await NewAccountOwnerLoginAsync();
        var cookie = await app.SessionCookieAsync(email, oneTime);

        await app.WithCookie(cookie).PostAsync("/v1/auth/logout", null).ShouldHaveStatusAsync(204);

        await app.WithCookie(cookie).GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "missing_credentials");
    }

    [Fact]
    public async Task ABootstrapAdminPasswordUnder12Characters_StopsStartup_NamingTheSetting()
    {
        await using var tooShort = app.Fresh(("Bootstrap:AdminPassword", "short-pass"));

        var failure = Assert.ThrowsAny<Exception>(() => tooShort.BaseAddress);

        Assert.Contains("Bootstrap:AdminPassword must be at least 12 characters", failure.ToString(), StringComparison.Ordinal);
    }

    private async Task<(string Email, string OneTimePassword)> NewAccountOwnerLoginAsync()
    {
        var email = UserIntents.NewEmail("owner");
        var created = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/accounts", new { name = "Handed out " + email, ownerEmail = email }).JsonAsync(201);
        return (email, created.GetProperty("owner").GetProperty("oneTimePassword").GetString()!);
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class HandedOutPasswordTestsOnPostgres(PostgresKeygateApp app) : HandedOutPasswordTests(app), IClassFixture<PostgresKeygateApp>;
