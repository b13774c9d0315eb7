using System.Text.Json.Nodes;
using Keygate.Accounts;
using Keygate.IntegrationTests.Users;

namespace Keygate.IntegrationTests;

public class LoginTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task UnknownUserAndWrongPassword_AnswerIdentically()
    {
        var client = app.Anonymous();
        var unknown = await client.PostAsJsonAsync("/v1/auth/login", new { email = "nobody@keygate.test", password = "whatever-password" }).ShouldBeProblemAsync(401, "invalid_credentials");
        var wrong = await client.PostAsJsonAsync("/v1/auth/login", new { email = "throttle-free@keygate.test", password = "whatever-password" }).ShouldBeProblemAsync(401, "invalid_credentials");
        Assert.Equal(unknown.GetProperty("detail").GetString(), wrong.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AWrongPassword_AnswersIdentically_WhetherTheEmailIsInZeroOneOrTwoAccounts()
    {
        var one = await app.NewAccountAsync();
        var two = await SharedEmailTests.TwoLoginsAsync(app);
        var client = app.Anonymous();

        var answers = new List<(int Status, string Body)>();
        foreach (var email in new[] { $"nobody-{Guid.NewGuid():N}@tenant.test", one.Email, two.Email })
        {
            var response = await client.PostAsJsonAsync("/v1/auth/login", new { email, password = "a wrong but plausible password" });
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            body.Remove("traceId");
            answers.Add(((int)response.StatusCode, body.ToJsonString()));
        }

        Assert.Equal(401, answers[0].Status);
        Assert.All(answers, answer => Assert.Equal(answers[0], answer));
    }

    [Fact]
    public async Task RepeatedFailures_LockTheAccount_EvenAgainstTheRightPassword_UntilTheLockEnds()
    {
        var victim = $"victim-{Guid.NewGuid():N}@tenant.test";
        var created = await (await app.OwnerAsync()).PostAsJsonAsync("/v1/accounts", new { name = "Victim", ownerEmail = victim }).JsonAsync(201);
        var password = created.GetProperty("owner").GetProperty("oneTimePassword").GetString()!;
        var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/v1/auth/login", new { email = victim, password = "guess-" + i }).ShouldBeProblemAsync(401, "invalid_credentials");
        }

        var locked = await client.PostAsJsonAsync("/v1/auth/login", new { email = victim, password });
        await locked.ShouldBeProblemAsync(429, "rate_limited");
        Assert.NotNull(locked.Headers.RetryAfter);

        app.Clock.Advance(TimeSpan.FromSeconds(31));
        await client.PostAsJsonAsync("/v1/auth/login", new { email = victim, password }).ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ParallelWrongPasswords_ForOneEmail_GetExactlyTheLimitOfTries_AndTheRestAreRefusedUnchecked()
    {
        var victim = $"parallel-{Guid.NewGuid():N}@tenant.test";
        await (await app.OwnerAsync()).PostAsJsonAsync("/v1/accounts", new { name = "Parallel victim", ownerEmail = victim }).ShouldHaveStatusAsync(201);
        var client = app.Anonymous();

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            client.PostAsJsonAsync("/v1/auth/login", new { email = victim, password = "parallel-guess-" + i })));

        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == 401) == 5 && statuses.Count(s => s == 429) == 25,
            "Expected 5 checked (401) and 25 refused (429), got: " + string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()}x{g.Key}")));
    }

    [Fact]
    public async Task Logout_EndsTheSessionOnTheServer_SoACopiedCookieStopsWorking()
    {
        var login = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword });
        await login.ShouldHaveStatusAsync(200);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var pair = cookie.Split(';')[0];

        var copy = app.Anonymous();
        copy.DefaultRequestHeaders.Add("Cookie", pair);
        await copy.GetAsync("/v1/keys").ShouldHaveStatusAsync(200);

        var session = app.WithCookie(pair);
        await session.PostAsync("/v1/auth/logout", null).ShouldHaveStatusAsync(204);

        await copy.GetAsync("/v1/keys").ShouldBeProblemAsync(401, "missing_credentials");
    }

    [Fact]
    public async Task EndedAndExpiredSessions_AreDeletedADayLater_WhileLiveOnesStay()
    {
        await using var sweeping = app.Fresh();
        var login = await sweeping.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword });
        var ended = sweeping.WithCookie(login.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
        await ended.PostAsync("/v1/auth/logout", null).ShouldHaveStatusAsync(204);
        Assert.Equal(1, await EndedSessionsAsync(sweeping));

        // Past the grace day: the next hourly sweep removes the ended row; a login made just now stays.
        sweeping.Clock.Advance(TimeSpan.FromHours(25));
        var live = await sweeping.LoginAsync(KeygateApp.AdminEmail, KeygateApp.AdminPassword);
        await sweeping.AdvanceThroughAPassAsync<SessionSweeper>(TimeSpan.FromHours(1));

        Assert.Equal(0, await EndedSessionsAsync(sweeping));
        await live.GetAsync("/v1/keys").ShouldHaveStatusAsync(200);
    }

    private static Task<long> EndedSessionsAsync(KeygateApp app) => app.CountAsync("""SELECT COUNT(*) FROM "Sessions" WHERE "EndedAt" IS NOT NULL""");
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class LoginTestsOnPostgres(PostgresKeygateApp app) : LoginTests(app), IClassFixture<PostgresKeygateApp>;
