namespace Keygate.IntegrationTests.Users;

/// <summary>
/// <c>/v1/users</c> through HTTP: invitations with one-time passwords, roles, disabling, and who may do which.
/// Each test works in an account of its own (its owner from <see cref="KeygateApp.NewAccountAsync"/>).
/// </summary>
public class UserManagementTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task Create_ReturnsTheOneTimePasswordOnce_AndTheNewUserLogsInWithIt()
    {
        var tenant = await app.NewAccountAsync();
        var email = UserIntents.NewEmail("dev");

        var created = await tenant.Owner.PostAsJsonAsync("/v1/users", new { email, role = "developer" }).JsonAsync(201);

        Assert.Equal(email, created.GetProperty("email").GetString());
        Assert.Equal("developer", created.GetProperty("role").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.True(created.GetProperty("mustChangePassword").GetBoolean());
        var password = created.GetProperty("oneTimePassword").GetString()!;
        var list = await tenant.Owner.GetStringAsync("/v1/users");
        Assert.Contains(email, list, StringComparison.Ordinal);
        Assert.DoesNotContain(password, list, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", list, StringComparison.Ordinal);
        Assert.DoesNotContain("oneTimePassword", list, StringComparison.Ordinal);

        var login = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email, password }).JsonAsync();
        Assert.Equal("developer", login.GetProperty("role").GetString());
        Assert.True(login.GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task Create_StoresTheEmailLowerCase_AndTheSameEmailInAnyCaseIsAConflict()
    {
        var tenant = await app.NewAccountAsync();
        var email = UserIntents.NewEmail("case");

        var created = await tenant.Owner.PostAsJsonAsync("/v1/users", new { email = " " + email.ToUpperInvariant() + " ", role = "viewer" }).JsonAsync(201);
        Assert.Equal(email, created.GetProperty("email").GetString());

        await tenant.Owner.PostAsJsonAsync("/v1/users", new { email = char.ToUpperInvariant(email[0]) + email[1..], role = "viewer" })
            .ShouldBeProblemAsync(409, "conflict");
    }

    [Fact]
    public async Task Create_WithABadEmailAndAnUnknownRole_ListsBothFieldErrors()
    {
        var tenant = await app.NewAccountAsync();

        var problem = await tenant.Owner.PostAsJsonAsync("/v1/users", new { email = "not-an-address", role = "superuser" }).ShouldBeProblemAsync(400, "invalid_request");

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.Contains("owner, admin, developer, viewer", errors.GetProperty("role")[0].GetString(), StringComparison.Ordinal);
        await tenant.Owner.PatchJsonAsync($"/v1/users/{tenant.OwnerId}", new { role = "root" }).ShouldBeProblemAsync(400, "invalid_request");
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersAccount_AndAnotherAccountsUserIsNotFound()
    {
        var tenant = await app.NewAccountAsync();
        var other = await app.NewAccountAsync();
        var stranger = await other.Owner.InviteAsync("viewer");

        var list = await tenant.Owner.GetFromJsonAsync<JsonElement>("/v1/users");
        var only = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(tenant.OwnerId, only.GetProperty("id").GetString());
        Assert.Equal("owner", only.GetProperty("role").GetString());

        await tenant.Owner.PostAsync($"/v1/users/{stranger.Id}/disable", null).ShouldBeProblemAsync(404, "not_found");
        await tenant.Owner.PatchJsonAsync($"/v1/users/{stranger.Id}", new { role = "admin" }).ShouldBeProblemAsync(404, "not_found");
    }

    [Fact]
    public async Task AnAdmin_ManagesDevelopersAndViewers_AndEachChangeIsAudited()
    {
        var tenant = await app.NewAccountAsync();
        var invitedAdmin = await tenant.Owner.InviteActiveAsync(app, "admin");
        var admin = await app.LoginAsync(invitedAdmin.Email, invitedAdmin.Password);
        var dev = await admin.InviteAsync("developer");

        var changed = await admin.PatchJsonAsync($"/v1/users/{dev.Id}", new { role = "viewer" }).JsonAsync();
        Assert.Equal("viewer", changed.GetProperty("role").GetString());
        var disabled = await admin.PostAsync($"/v1/users/{dev.Id}/disable", null).JsonAsync();
        Assert.Equal("disabled", disabled.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, disabled.GetProperty("disabledAt").ValueKind);
        await admin.PostAsync($"/v1/users/{dev.Id}/disable", null).ShouldHaveStatusAsync(200);
        var enabled = await admin.PostAsync($"/v1/users/{dev.Id}/enable", null).JsonAsync();
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledAt").ValueKind);

        var trail = await tenant.Owner.GetFromJsonAsync<JsonElement>($"/v1/audit?target={dev.Id}");
        var entries = trail.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["user.enabled", "user.disabled", "user.role_changed", "user.created"], entries.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(invitedAdmin.Id, entries[^1].GetProperty("actorId").GetString());
        Assert.Equal("viewer", entries[2].GetProperty("changes").GetProperty("role").GetProperty("after").GetString());
        Assert.DoesNotContain(dev.Password, trail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdmin_CannotInviteChangeOrDisableAnOwner_NorMakeSomeoneOwner()
    {
        var tenant = await app.NewAccountAsync();
        var invitedAdmin = await tenant.Owner.InviteActiveAsync(app, "admin");
        var admin = await app.LoginAsync(invitedAdmin.Email, invitedAdmin.Password);
        var dev = await tenant.Owner.InviteAsync("developer");

        await admin.PostAsJsonAsync("/v1/users", new { email = UserIntents.NewEmail("owner"), role = "owner" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await admin.PatchJsonAsync($"/v1/users/{tenant.OwnerId}", new { role = "viewer" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await admin.PostAsync($"/v1/users/{tenant.OwnerId}/disable", null).ShouldBeProblemAsync(403, "insufficient_permissions");
        await admin.PatchJsonAsync($"/v1/users/{dev.Id}", new { role = "owner" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await admin.PatchJsonAsync($"/v1/users/{invitedAdmin.Id}", new { role = "owner" }).ShouldBeProblemAsync(403, "insufficient_permissions");

        var owner = await tenant.Owner.GetFromJsonAsync<JsonElement>("/v1/users");
        Assert.All(owner.GetProperty("items").EnumerateArray().Where(u => u.GetProperty("id").GetString() != tenant.OwnerId),
            u => Assert.NotEqual("owner", u.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task NobodyDemotesOrDisablesThemselves()
    {
        var tenant = await app.NewAccountAsync();

        await tenant.Owner.PatchJsonAsync($"/v1/users/{tenant.OwnerId}", new { role = "admin" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await tenant.Owner.PostAsync($"/v1/users/{tenant.OwnerId}/disable", null).ShouldBeProblemAsync(403, "insufficient_permissions");
        // Asking for what is already so is not a change.
        await tenant.Owner.PatchJsonAsync($"/v1/users/{tenant.OwnerId}", new { role = "owner" }).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task TwoOwnersDemotingEachOtherAtOnce_LeaveTheAccountAnActiveOwner()
    {
        var tenant = await app.NewAccountAsync();
        var second = await tenant.Owner.InviteActiveAsync(app, "owner");
        var secondOwner = await app.LoginAsync(second.Email, second.Password);

        var answers = await Task.WhenAll(
            tenant.Owner.PatchJsonAsync($"/v1/users/{second.Id}", new { role = "viewer" }),
            secondOwner.PatchJsonAsync($"/v1/users/{tenant.OwnerId}", new { role = "viewer" }));

        // One wins; the other finds its own role gone (403), its session ended (401), or its target the last owner (409).
        Assert.Equal(1, answers.Count(a => a.StatusCode == System.Net.HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != System.Net.HttpStatusCode.OK), a => Assert.Contains((int)a.StatusCode, new[] { 401, 403, 409 }));
        var winner = answers[0].StatusCode == System.Net.HttpStatusCode.OK ? tenant.Owner : await app.LoginAsync(second.Email, second.Password);
        var users = await winner.GetFromJsonAsync<JsonElement>("/v1/users");
        Assert.Single(users.GetProperty("items").EnumerateArray(), u => u.GetProperty("role").GetString() == "owner");
    }

    [Theory]
    [InlineData("developer")]
    [InlineData("viewer")]
    public async Task ADeveloperOrViewer_ReadsTheUsers_ButChangesNone(string role)
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteActiveAsync(app, role);
        var client = await app.LoginAsync(invited.Email, invited.Password);

        await client.GetAsync("/v1/users").ShouldHaveStatusAsync(200);
        var refused = await client.PostAsJsonAsync("/v1/users", new { email = UserIntents.NewEmail("x"), role = "viewer" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("owner or admin", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await client.PatchJsonAsync($"/v1/users/{invited.Id}", new { role = "admin" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await client.PostAsync($"/v1/users/{tenant.OwnerId}/disable", null).ShouldBeProblemAsync(403, "insufficient_permissions");
        await client.PostAsync($"/v1/users/{tenant.OwnerId}/enable", null).ShouldBeProblemAsync(403, "insufficient_permissions");
    }

    [Fact]
    public async Task AKey_NeverManagesUsers_EvenWithEveryPermission()
    {
        var tenant = await app.NewAccountAsync();
        var key = await app.CreateKeyAsync(new { permissions = new[] { "keys:read", "keys:manage", "audit:read", "usage:read" } }, by: tenant.Owner);
        var client = app.ClientFor(key);

        var refused = await client.GetAsync("/v1/users").ShouldBeProblemAsync(403, "insufficient_permissions");
        Assert.Contains("dashboard login", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await client.PostAsJsonAsync("/v1/users", new { email = UserIntents.NewEmail("key"), role = "owner" }).ShouldBeProblemAsync(403, "insufficient_permissions");
        await client.PostAsync($"/v1/users/{tenant.OwnerId}/disable", null).ShouldBeProblemAsync(403, "insufficient_permissions");
        await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = "x", newPassword = "a-new-password-here" })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
    }

    [Fact]
    public async Task Disabling_EndsTheUsersSessions_AndTheirLoginIsRefusedExactlyLikeAWrongPassword()
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteActiveAsync(app, "developer");
        var copy = app.WithCookie(await app.SessionCookieAsync(invited.Email, invited.Password));
        await copy.GetAsync("/v1/keys").ShouldHaveStatusAsync(200);

        await tenant.Owner.PostAsync($"/v1/users/{invited.Id}/disable", null).ShouldHaveStatusAsync(200);

        await copy.GetAsync("/v1/keys").ShouldBeProblemAsync(401, "missing_credentials");
        var disabled = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = invited.Email, password = invited.Password })
            .ShouldBeProblemAsync(401, "invalid_credentials");
        var wrong = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = tenant.Email, password = "not-the-password" })
            .ShouldBeProblemAsync(401, "invalid_credentials");
        Assert.Equal(wrong.GetProperty("detail").GetString(), disabled.GetProperty("detail").GetString());
        Assert.Equal(wrong.GetProperty("title").GetString(), disabled.GetProperty("title").GetString());

        await tenant.Owner.PostAsync($"/v1/users/{invited.Id}/enable", null).ShouldHaveStatusAsync(200);
        await app.LoginAsync(invited.Email, invited.Password);
    }

    [Fact]
    public async Task ChangingARole_EndsTheUsersSessions_AndTheNextLoginCarriesTheNewRole()
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteActiveAsync(app, "developer");
        var copy = app.WithCookie(await app.SessionCookieAsync(invited.Email, invited.Password));
        await copy.GetAsync("/v1/keys").ShouldHaveStatusAsync(200);

        await tenant.Owner.PatchJsonAsync($"/v1/users/{invited.Id}", new { role = "viewer" }).ShouldHaveStatusAsync(200);

        await copy.GetAsync("/v1/keys").ShouldBeProblemAsync(401, "missing_credentials");
        var again = await app.LoginAsync(invited.Email, invited.Password);
        var whoami = await again.GetFromJsonAsync<JsonElement>("/v1/whoami");
        Assert.DoesNotContain("keys:manage", whoami.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        await again.PostAsJsonAsync("/v1/keys", new { name = "viewer-key", environment = "production", permissions = new[] { "keys:read" } })
            .ShouldBeProblemAsync(403, "insufficient_permissions");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class UserManagementTestsOnPostgres(PostgresKeygateApp app) : UserManagementTests(app), IClassFixture<PostgresKeygateApp>;
