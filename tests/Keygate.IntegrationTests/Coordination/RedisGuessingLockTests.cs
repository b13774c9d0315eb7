namespace Keygate.IntegrationTests;

/// <summary>
/// The guessing lock shared through Redis: a key locked for wrong secrets on one node refuses wrong secrets on the
/// other too (which on its own would never lock: its threshold is out of reach), and still admits the right one.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisGuessingLockTests(RedisServer redis)
{
    [Fact]
    public async Task AKeyLockedForGuessingOnOneNode_RefusesWrongSecretsOnTheOther()
    {
        await using var a = KeygateApp.WithRedis(redis, null, ("Misuse:SecretGuessing:Failures", "3"));
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory, ("Misuse:SecretGuessing:Failures", "1000000"));
        var key = await a.CreateKeyAsync();
        var wrongSecret = (await a.CreateKeyAsync()).Secret;
        var onA = a.ClientFor(key.Id, wrongSecret);
        var onB = b.ClientFor(key.Id, wrongSecret);
        await onB.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");

        for (var i = 0; i < 3; i++)
        {
            await onA.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        }
        await onA.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");

        // Each wrong secret on B counts toward B's own threshold, which these few never reach: only the shared lock refuses.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(2);
        while (true)
        {
            using var response = await onB.GetAsync("/v1/whoami");
            if ((int)response.StatusCode == 429)
            {
                await response.ShouldBeProblemAsync(429, "rate_limited");
                break;
            }
            await response.ShouldBeProblemAsync(401, "invalid_credentials");
            Assert.True(DateTimeOffset.UtcNow < deadline, "B still answers wrong secrets 401 two seconds after A locked the key");
        }
        await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }
}
