namespace Keygate.IntegrationTests;

/// <summary>
/// The guessing lock shared through Redis: a key locked for wrong secrets on one node refuses wrong secrets on the
/// other too (which on its own would never lock: its threshold is out of reach), and still admits the right one; a second
/// round of guessing locks for twice as long whichever node sees it; and wrong secrets spread over the nodes count together
/// toward the threshold.
/// </summary>
[Collection(RedisTests.Name)]
public sealed class RedisGuessingLockTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task AKeyLockedForGuessingOnOneNode_RefusesWrongSecretsOnTheOther()
    {
        await using var a = KeygateApp.WithRedis(redis, null, ("Misuse:SecretGuessing:Failures", "3"));
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory, ("Misuse:SecretGuessing:Failures", "1000000"));
        var (key, onA, onB) = await GuessedAtAsync(a, b);

        await WrongSecretsAsync(onA, 3);
        await onA.GetAsync("/v1/whoami").ShouldBeProblemAsync(429, "rate_limited");

        // Each wrong secret on B counts toward B's own threshold, which these few never reach: only the shared lock refuses.
        await LockedForSecondsAsync(onB);
        await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }

    [Fact]
    public async Task ASecondRoundOfGuessingOnTheOtherNode_LocksForTwiceAsLong()
    {
        (string, string) threshold = ("Misuse:SecretGuessing:Failures", "3");
        await using var a = KeygateApp.WithRedis(redis, null, threshold);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory, threshold);
        var (_, onA, onB) = await GuessedAtAsync(a, b);

        // Round one on A: a lock of a minute, which B hears of.
        await WrongSecretsAsync(onA, 3);
        Assert.InRange(await LockedForSecondsAsync(onA), 59, 60);
        Assert.InRange(await LockedForSecondsAsync(onB), 1, 60);

        // Round two on B, once the first lock is over: the whole threshold again (round one's wrong secrets were spent by its
        // lock), then two minutes, as on one node (alone, B would lock for one minute again).
        a.Clock.Advance(TimeSpan.FromSeconds(61));
        b.Clock.Advance(TimeSpan.FromSeconds(61));
        await WrongSecretsAsync(onB, 3);
        using var locked = await onB.GetAsync("/v1/whoami");
        await locked.ShouldBeProblemAsync(429, "rate_limited");
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 119, 120);
    }

    /// <summary>
    /// A key made on A and held by B (its right secret used there first: a wrong secret there counts on A too), with a client on
    /// each node that presents a wrong secret for it.
    /// </summary>
    private static async Task<(CreatedKey Key, HttpClient OnA, HttpClient OnB)> GuessedAtAsync(KeygateApp a, KeygateApp b)
    {
        var key = await a.CreateKeyAsync();
        var wrongSecret = (await a.CreateKeyAsync()).Secret;
        await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        return (key, a.ClientFor(key.Id, wrongSecret), b.ClientFor(key.Id, wrongSecret));
    }

    private static async Task WrongSecretsAsync(HttpClient guesser, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await guesser.GetAsync("/v1/whoami").ShouldBeProblemAsync(401, "invalid_credentials");
        }
    }

    /// <summary>How long the node's answer to a wrong secret says the key is locked for, once the node has heard of the lock.</summary>
    private static async Task<double> LockedForSecondsAsync(HttpClient guesser)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(2);
        while (true)
        {
            using var response = await guesser.GetAsync("/v1/whoami");
            if ((int)response.StatusCode == 429)
            {
                await response.ShouldBeProblemAsync(429, "rate_limited");
                return response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
            }
            await response.ShouldBeProblemAsync(401, "invalid_credentials");
            Assert.True(DateTimeOffset.UtcNow < deadline, "wrong secrets still answered 401 two seconds after the key was locked");
        }
    }

    [Fact]
    public async Task WrongSecretsSpreadOverTwoNodes_CountTogether_SoGuessingLocksTheKeyAtTheThreshold()
    {
        // An attacker behind a balancer that alternates nodes: each node alone would see half the guesses.
        (string, string) threshold = ("Misuse:SecretGuessing:Failures", "6");
        await using var a = KeygateApp.WithRedis(redis, null, threshold);
        await using var b = KeygateApp.WithRedis(redis, a.DataDirectory, threshold);
        var (key, onA, onB) = await GuessedAtAsync(a, b);
        HttpClient[] nodes = [onA, onB];

        // The sixth wrong secret locks the key wherever it lands, once that node has heard of the five before it: each is
        // counted after its answer is written and reaches the other node through Redis, so two more may pass meanwhile.
        // Counted per node, the first lock would come only at the eleventh.
        var refusedAsWrong = 0;
        while (true)
        {
            using var response = await nodes[refusedAsWrong % 2].GetAsync("/v1/whoami");
            if ((int)response.StatusCode == 429)
            {
                await response.ShouldBeProblemAsync(429, "rate_limited");
                break;
            }
            await response.ShouldBeProblemAsync(401, "invalid_credentials");
            refusedAsWrong++;
            Assert.True(refusedAsWrong <= 8, $"{refusedAsWrong} wrong secrets over two nodes and the key is not locked (threshold 6)");
        }
        output.WriteLine($"locked after {refusedAsWrong} wrong secrets over two nodes (threshold 6)");
        Assert.True(refusedAsWrong >= 6, $"locked after {refusedAsWrong} wrong secrets, before the threshold of 6");
        await b.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await a.ClientFor(key).GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
    }
}
