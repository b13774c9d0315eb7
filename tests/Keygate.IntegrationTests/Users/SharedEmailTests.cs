namespace Keygate.IntegrationTests.Users;

/// <summary>
/// One e-mail with a login in several accounts: an invitation must not tell one account that an e-mail uses another
/// (no cross-tenant oracle), and each login must land in its own account by its own password.
/// </summary>
public class SharedEmailTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task InvitingAnotherAccountsUsersEmail_AnswersExactlyLikeAFreshEmail()
    {
        var tenant = await app.NewAccountAsync();
        var other = await app.NewAccountAsync();
        var theirs = await other.Owner.InviteAsync("developer");

        var fresh = await tenant.Owner.PostAsJsonAsync("/v1/users", new { email = UserIntents.NewEmail("fresh"), role = "developer" });
        var shared = await tenant.Owner.PostAsJsonAsync("/v1/users", new { email = theirs.Email, role = "developer" });

        Assert.Equal(fresh.StatusCode, shared.StatusCode);
        var freshBody = await fresh.JsonAsync(201);
        var sharedBody = await shared.JsonAsync(201);
        Assert.Equal(freshBody.EnumerateObject().Select(p => p.Name), sharedBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal(freshBody.GetProperty("mustChangePassword").GetBoolean(), sharedBody.GetProperty("mustChangePassword").GetBoolean());
        var id = sharedBody.GetProperty("id").GetString()!;
        Assert.NotEqual(theirs.Id, id);
        Assert.Equal($"/v1/users/{id}", shared.Headers.Location?.OriginalString);
        var raw = sharedBody.GetRawText();
        Assert.DoesNotContain(other.AccountId, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs.Id, raw, StringComparison.Ordinal);

        // A real user of this account (there is no GET /v1/users/{id}: the list and a login show it).
        var list = await tenant.Owner.GetFromJsonAsync<JsonElement>("/v1/users");
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetString() == id);
        Assert.Equal(theirs.Email, listed.GetProperty("email").GetString());
        Assert.DoesNotContain(theirs.Id, list.GetRawText(), StringComparison.Ordinal);
        var login = await app.Anonymous().PostAsJsonAsync("/v1/auth/login",
            new { email = theirs.Email, password = sharedBody.GetProperty("oneTimePassword").GetString() }).JsonAsync();
        Assert.Equal(tenant.AccountId, login.GetProperty("accountId").GetString());
        Assert.Equal(id, login.GetProperty("userId").GetString());
        var trail = await tenant.Owner.GetFromJsonAsync<JsonElement>($"/v1/audit?target={id}");
        Assert.Equal(["login.succeeded", "user.created"], trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.DoesNotContain(theirs.Id, trail.GetRawText(), StringComparison.Ordinal);
        // The other account's login is untouched.
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = theirs.Email, password = theirs.Password }).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ANewAccountsOwner_MayHaveAnEmailWithALoginInAnotherAccount()
    {
        var other = await app.NewAccountAsync();

        var created = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/accounts", new { name = "Second business", ownerEmail = other.Email }).JsonAsync(201);

        var owner = created.GetProperty("owner");
        var login = await app.Anonymous().PostAsJsonAsync("/v1/auth/login",
            new { email = other.Email, password = owner.GetProperty("oneTimePassword").GetString() }).JsonAsync();
        Assert.Equal(created.GetProperty("id").GetString(), login.GetProperty("accountId").GetString());
        var theirs = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = other.Email, password = other.Password }).JsonAsync();
        Assert.Equal(other.AccountId, theirs.GetProperty("accountId").GetString());
    }

    [Fact]
    public async Task TwoLoginsWithOneEmail_EachLogsInWithItsOwnPassword_IntoItsOwnAccount()
    {
        var logins = await TwoLoginsAsync();

        var one = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = logins.Email, password = logins.First.Password }).JsonAsync();
        var two = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = logins.Email, password = logins.SecondPassword }).JsonAsync();

        Assert.Equal(logins.First.AccountId, one.GetProperty("accountId").GetString());
        Assert.Equal(logins.First.OwnerId, one.GetProperty("userId").GetString());
        Assert.Equal(logins.Second.AccountId, two.GetProperty("accountId").GetString());
        Assert.Equal(logins.SecondUserId, two.GetProperty("userId").GetString());
        using var client = await app.LoginAsync(logins.Email, logins.SecondPassword);
        var list = await client.GetStringAsync("/v1/users");
        Assert.Contains(logins.SecondUserId, list, StringComparison.Ordinal);
        Assert.DoesNotContain(logins.First.OwnerId, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordChange_ThatWouldMakeTwoLoginsOfOneEmailEqual_IsRefused()
    {
        var logins = await TwoLoginsAsync();
        using var client = await app.LoginAsync(logins.Email, logins.SecondPassword);

        var problem = await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = logins.SecondPassword, newPassword = logins.First.Password })
            .ShouldBeProblemAsync(400, "invalid_request");

        Assert.Contains("different", problem.GetProperty("errors").GetProperty("newPassword")[0].GetString(), StringComparison.Ordinal);
        var still = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = logins.Email, password = logins.SecondPassword }).JsonAsync();
        Assert.Equal(logins.Second.AccountId, still.GetProperty("accountId").GetString());
        await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = logins.SecondPassword, newPassword = logins.SecondPassword + " too" })
            .ShouldHaveStatusAsync(204);
    }

    [Fact]
    public async Task AnInviter_GuessingAnotherAccountsLoginPassword_ThroughPasswordChanges_IsThrottledLikeALogin()
    {
        var victim = await app.NewAccountAsync();
        var attacker = await app.NewAccountAsync();
        var invited = await attacker.Owner.PostAsJsonAsync("/v1/users", new { email = victim.Email, role = "viewer" }).JsonAsync(201);
        var current = invited.GetProperty("oneTimePassword").GetString()!;
        using var held = await app.LoginAsync(victim.Email, current);

        // Each refused clash would confirm a guess; a guess that misses changes the held login's password instead. The
        // e-mail's five attempts (one already spent by the victim's own first password change) run out.
        for (var i = 0; i < 4; i++)
        {
            var guess = $"a wrong guess number {i}";
            await held.PostAsJsonAsync("/v1/auth/password", new { currentPassword = current, newPassword = guess }).ShouldHaveStatusAsync(204);
            current = guess;
        }

        await held.PostAsJsonAsync("/v1/auth/password", new { currentPassword = current, newPassword = victim.Password })
            .ShouldBeProblemAsync(429, "rate_limited");
        // Nor does logging in with the held login clear the count of guesses.
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = victim.Email, password = current }).ShouldBeProblemAsync(429, "rate_limited");
    }

    [Fact]
    public async Task InvitingAnEmailAlreadyInTheSameAccount_IsStillAConflict_WhenAnotherAccountHoldsItToo()
    {
        var logins = await TwoLoginsAsync();

        await logins.Second.Owner.PostAsJsonAsync("/v1/users", new { email = logins.Email.ToUpperInvariant(), role = "viewer" })
            .ShouldBeProblemAsync(409, "conflict");
    }

    /// <summary>
    /// An e-mail that owns the first account and was then invited as an admin of the second; both handed-out passwords
    /// replaced by their holder's own.
    /// </summary>
    internal static async Task<TwoLogins> TwoLoginsAsync(KeygateApp app)
    {
        var first = await app.NewAccountAsync();
        var second = await app.NewAccountAsync();
        var invited = await second.Owner.PostAsJsonAsync("/v1/users", new { email = first.Email, role = "admin" }).JsonAsync(201);
        var (client, own) = await app.FirstLoginAsync(first.Email, invited.GetProperty("oneTimePassword").GetString()!);
        client.Dispose();
        return new TwoLogins(first.Email, first, second, invited.GetProperty("id").GetString()!, own);
    }

    private Task<TwoLogins> TwoLoginsAsync() => TwoLoginsAsync(app);
}

/// <summary>One e-mail's logins: the first account's owner, and a user of the second with a password of their own.</summary>
internal sealed record TwoLogins(string Email, Tenant First, Tenant Second, string SecondUserId, string SecondPassword);

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class SharedEmailTestsOnPostgres(PostgresKeygateApp app) : SharedEmailTests(app), IClassFixture<PostgresKeygateApp>;
