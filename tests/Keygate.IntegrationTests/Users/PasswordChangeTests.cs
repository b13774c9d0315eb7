namespace Keygate.IntegrationTests.Users;

/// <summary><c>POST /v1/auth/password</c>: a logged-in user changes their own password; their other sessions end.</summary>
public class PasswordChangeTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task ChangingThePassword_EndsTheOtherSessions_ButKeepsTheCurrentOne()
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteAsync("developer");
        var current = app.WithCookie(await app.SessionCookieAsync(invited.Email, invited.Password));
        var elsewhere = app.WithCookie(await app.SessionCookieAsync(invited.Email, invited.Password));

        await current.PostAsJsonAsync("/v1/auth/password", new { currentPassword = invited.Password, newPassword = NewPassword }).ShouldHaveStatusAsync(204);

        await current.GetAsync("/v1/keys").ShouldHaveStatusAsync(200);
        await elsewhere.GetAsync("/v1/keys").ShouldBeProblemAsync(401, "missing_credentials");
        await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = invited.Email, password = invited.Password }).ShouldBeProblemAsync(401, "invalid_credentials");
        await app.LoginAsync(invited.Email, NewPassword);
        var trail = await tenant.Owner.GetFromJsonAsync<JsonElement>($"/v1/audit?type=password.changed&target={invited.Id}");
        var entry = Assert.Single(trail.GetProperty("items").EnumerateArray());
        Assert.Equal(invited.Id, entry.GetProperty("actorId").GetString());
        Assert.DoesNotContain(NewPassword, trail.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AOneTimePassword_MustBeChanged_AndAfterwardsLoginNoLongerAsks()
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteAsync("viewer");
        var first = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = invited.Email, password = invited.Password }).JsonAsync();
        Assert.True(first.GetProperty("mustChangePassword").GetBoolean());

        var client = await app.LoginAsync(invited.Email, invited.Password);
        await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = invited.Password, newPassword = NewPassword }).ShouldHaveStatusAsync(204);

        var next = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = invited.Email, password = NewPassword }).JsonAsync();
        Assert.False(next.GetProperty("mustChangePassword").GetBoolean());
        var users = await tenant.Owner.GetFromJsonAsync<JsonElement>("/v1/users");
        Assert.Single(users.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetString() == invited.Id && !u.GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task AWrongCurrentPassword_IsRefusedBesideTheField_AndRepeatedGuessesAreThrottled()
    {
        var tenant = await app.NewAccountAsync();
        var invited = await tenant.Owner.InviteAsync("developer");
        var client = await app.LoginAsync(invited.Email, invited.Password);

        for (var i = 0; i < 5; i++)
        {
            var problem = await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = "guess-number-" + i, newPassword = NewPassword })
                .ShouldBeProblemAsync(400, "invalid_request");
            Assert.True(problem.GetProperty("errors").TryGetProperty("currentPassword", out _));
        }
        var locked = await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = invited.Password, newPassword = NewPassword });
        await locked.ShouldBeProblemAsync(429, "rate_limited");
        Assert.NotNull(locked.Headers.RetryAfter);

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = invited.Password, newPassword = NewPassword }).ShouldHaveStatusAsync(204);
        var trail = await tenant.Owner.GetFromJsonAsync<JsonElement>($"/v1/audit?type=password.change_failed&target={invited.Id}");
        Assert.Equal(5, trail.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("short-one")]
    [InlineData(null)]
    public async Task ANewPasswordTooShortOrMissing_IsRefused(string? newPassword)
    {
        var tenant = await app.NewAccountAsync();

        var problem = await tenant.Owner.PostAsJsonAsync("/v1/auth/password", new { currentPassword = tenant.Password, newPassword })
            .ShouldBeProblemAsync(400, "invalid_request");

        Assert.Contains("12 to 1024", problem.GetProperty("errors").GetProperty("newPassword")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSamePasswordAgain_IsRefused()
    {
        var tenant = await app.NewAccountAsync();

        var problem = await tenant.Owner.PostAsJsonAsync("/v1/auth/password", new { currentPassword = tenant.Password, newPassword = tenant.Password })
            .ShouldBeProblemAsync(400, "invalid_request");

        Assert.Contains("differ", problem.GetProperty("errors").GetProperty("newPassword")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutASession_ItIsMissingCredentials()
    {
        await app.Anonymous().PostAsJsonAsync("/v1/auth/password", new { currentPassword = "x", newPassword = NewPassword })
            .ShouldBeProblemAsync(401, "missing_credentials");
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class PasswordChangeTestsOnPostgres(PostgresKeygateApp app) : PasswordChangeTests(app), IClassFixture<PostgresKeygateApp>;
