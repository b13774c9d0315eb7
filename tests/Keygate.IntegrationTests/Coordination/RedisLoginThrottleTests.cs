namespace Keygate.IntegrationTests;

/// <summary>Failed sign-ins counted in Redis: guesses spread over two nodes meet one count, and one lock.</summary>
[Collection(RedisTests.Name)]
public sealed class RedisLoginThrottleTests(RedisServer redis)
{
    [Fact]
    public async Task FiveWrongPasswordsSpreadOverTwoNodes_LockTheEmailOnBoth()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        var nodes = new[] { a.Anonymous(), b.Anonymous() };
        var wrong = new { email = KeygateApp.AdminEmail, password = "not-the-password" };

        for (var i = 0; i < 5; i++)
        {
            await nodes[i % 2].PostAsJsonAsync("/v1/auth/login", wrong).ShouldHaveStatusAsync(401);
        }

        await nodes[1].PostAsJsonAsync("/v1/auth/login", wrong).ShouldBeProblemAsync(429, "rate_limited");
        await nodes[0].PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword })
            .ShouldBeProblemAsync(429, "rate_limited");
    }

    [Fact]
    public async Task ARightPasswordAfterTheLockRanOut_StartsNoNewLock()
    {
        await using var a = KeygateApp.WithRedis(redis);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory);
        var wrong = new { email = KeygateApp.AdminEmail, password = "not-the-password" };
        var right = new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword };
        for (var i = 0; i < 5; i++)
        {
            await a.Anonymous().PostAsJsonAsync("/v1/auth/login", wrong).ShouldHaveStatusAsync(401);
        }
        a.Clock.Advance(TimeSpan.FromSeconds(31));
        b.Clock.Advance(TimeSpan.FromSeconds(31));

        // Each sign-in counts a failure until its password proves right; giving it back must not leave the lock it started.
        await a.Anonymous().PostAsJsonAsync("/v1/auth/login", right).ShouldHaveStatusAsync(200);
        await b.Anonymous().PostAsJsonAsync("/v1/auth/login", right).ShouldHaveStatusAsync(200);
    }
}
