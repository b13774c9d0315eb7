using System.Net;
using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>Users and Change password in the dashboard, over plain HTTP, each test in an account of its own.</summary>
public partial class UserPagesTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private const string NewPassword = "my own passphrase now";

    [Fact]
    public async Task Inviting_ShowsTheOneTimePasswordOnceInThePostsAnswer_AndTheNewUserLogsInWithIt()
    {
        using var owner = await OwnerSessionAsync();
        var email = UserIntents.NewEmail("invited");

        var response = await owner.SubmitAsync("/dashboard/users", new() { ["Invite.Email"] = email, ["Invite.Role"] = "developer" }, action: "/dashboard/users?handler=Invite");

        await response.ShouldHaveStatusAsync(200);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var html = await response.Content.ReadAsStringAsync();
        var password = OneTimePassword().Match(html).Groups[1].Value;
        Assert.NotEmpty(password);
        Assert.Contains("data-copy=\"one-time-password\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(password, await owner.PageAsync("/dashboard/users"), StringComparison.Ordinal);

        using var invited = DashboardSession.Anonymous(app);
        var login = await invited.SubmitAsync("/dashboard/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal("/dashboard/account/password", login.Headers.Location!.OriginalString);
        Assert.Contains("Choose your own password", await invited.PageAsync("/dashboard/account/password"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInviteWithABadEmail_ShowsTheErrorBesideTheField()
    {
        using var owner = await OwnerSessionAsync();

        var response = await owner.SubmitAsync("/dashboard/users", new() { ["Invite.Email"] = "nope", ["Invite.Role"] = "viewer" }, action: "/dashboard/users?handler=Invite");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("<span class=\"field-error field-validation-error\" data-valmsg-for=\"Invite.Email\"[^>]*>Required: an e-mail", html);
    }

    [Fact]
    public async Task AViewer_SeesTheListWithoutForms_AndAForgedPostWithAValidTokenIsForbidden()
    {
        var tenant = await app.NewAccountAsync();
        var viewer = await tenant.Owner.InviteAsync("viewer");
        using var session = await DashboardSession.LoginAsync(app, viewer.Email, viewer.Password);

        var html = await session.PageAsync("/dashboard/users");
        Assert.Contains(tenant.Email, html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Invite", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("handler=Disable", html, StringComparison.OrdinalIgnoreCase);

        var email = UserIntents.NewEmail("forged");
        var forged = await session.SubmitAsync("/dashboard/account/password", new() { ["Invite.Email"] = email, ["Invite.Role"] = "owner" }, action: "/dashboard/users?handler=Invite");
        await forged.ShouldHaveStatusAsync(403);
        Assert.Contains("Not allowed", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var disable = await session.SubmitAsync("/dashboard/account/password", new() { ["userId"] = tenant.OwnerId }, action: "/dashboard/users?handler=Disable");
        await disable.ShouldHaveStatusAsync(403);

        var users = await tenant.Owner.GetStringAsync("/v1/users");
        Assert.DoesNotContain(email, users, StringComparison.Ordinal);
        Assert.DoesNotContain("\"disabled\"", users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOwner_ChangesARoleAndDisablesAndEnablesAUser_FromTheList()
    {
        var (tenant, session) = await DashboardPeople.NewAccountAsync(app);
        using var owner = session;
        var dev = await tenant.Owner.InviteAsync("developer");

        var role = await owner.SubmitAsync("/dashboard/users", new() { ["userId"] = dev.Id, ["role"] = "admin" }, action: "/dashboard/users?handler=Role");
        Assert.Equal(HttpStatusCode.Redirect, role.StatusCode);
        Assert.Contains($"{dev.Email}: role changed to admin.", await owner.PageAsync("/dashboard/users"), StringComparison.Ordinal);

        var disable = await owner.SubmitAsync("/dashboard/users", new() { ["userId"] = dev.Id }, action: "/dashboard/users?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        var afterDisable = await owner.PageAsync("/dashboard/users");
        Assert.Contains("badge status-disabled", afterDisable, StringComparison.Ordinal);
        Assert.Contains($"aria-label=\"Enable {dev.Email}\"", afterDisable, StringComparison.Ordinal);

        await owner.SubmitAsync("/dashboard/users", new() { ["userId"] = dev.Id }, action: "/dashboard/users?handler=Enable");
        var users = await tenant.Owner.GetFromJsonAsync<JsonElement>("/v1/users");
        var changed = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetString() == dev.Id);
        Assert.Equal("admin", changed.GetProperty("role").GetString());
        Assert.Equal("active", changed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARefusedChange_IsShownOnThePage()
    {
        var tenant = await app.NewAccountAsync();
        using var owner = await DashboardSession.LoginAsync(app, tenant.Email, tenant.Password);

        var response = await owner.SubmitAsync("/dashboard/users", new() { ["userId"] = tenant.OwnerId }, action: "/dashboard/users?handler=Disable");

        await response.ShouldHaveStatusAsync(200);
        Assert.Contains("You cannot change your own role or disable your own login", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePasswordPage_ChangesThePassword_ThenLetsThePersonContinue()
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteAsync("admin");
        using var session = DashboardSession.Anonymous(app);
        var login = await session.SubmitAsync("/dashboard/login", new() { ["Email"] = invited.Email, ["Password"] = invited.Password });
        Assert.Equal("/dashboard/account/password", login.Headers.Location!.OriginalString);
        // Until the handed-out password is replaced, every other page sends the person back to replace it.
        var elsewhere = await session.Client.GetAsync("/dashboard/integration/api-keys");
        Assert.Equal("/dashboard/account/password", elsewhere.Headers.Location!.OriginalString);

        var mismatch = await session.SubmitAsync("/dashboard/account/password",
            new() { ["CurrentPassword"] = invited.Password, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword + "!" });
        Assert.Contains("Does not match the new password.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrong = await session.SubmitAsync("/dashboard/account/password",
            new() { ["CurrentPassword"] = "not-my-password", ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("This is not your current password.", wrongHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, wrongHtml, StringComparison.Ordinal);

        var changed = await session.SubmitAsync("/dashboard/account/password",
            new() { ["CurrentPassword"] = invited.Password, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await session.PageAsync("/dashboard/account/password");
        Assert.Contains("Password changed.", after, StringComparison.Ordinal);
        Assert.Contains("Continue to the dashboard", after, StringComparison.Ordinal);
        Assert.DoesNotContain("Choose your own password", after, StringComparison.Ordinal);
        await session.PageAsync("/dashboard/integration/api-keys");
        await app.LoginAsync(invited.Email, NewPassword);
    }

    private async Task<DashboardSession> OwnerSessionAsync()
    {
        var tenant = await app.NewAccountAsync();
        return await DashboardSession.LoginAsync(app, tenant.Email, tenant.Password);
    }

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex OneTimePassword();
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class UserPagesTestsOnPostgres(PostgresKeygateApp app) : UserPagesTests(app), IClassFixture<PostgresKeygateApp>;
