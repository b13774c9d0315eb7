using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Every node's failed sign-ins in one Redis, so a guesser spreading attempts over the nodes meets one count. Each call
/// is one script (the same rules as <see cref="InProcessLoginAttempts"/>); a subject is a hash of its failures, the time
/// of the last and the end of its lock, expiring once both are forgotten. Subjects are named by a digest, so no e-mail
/// address is written to Redis.
/// </summary>
internal sealed class RedisLoginAttempts(RedisConnection redis, TimeProvider time) : ILoginAttempts
{
    /// <summary>
    /// KEYS: the subjects. ARGV: now, the window, the first and the longest lock (milliseconds), then each subject's
    /// threshold. While any subject is locked returns the longest wait and counts nothing; else counts a failure against
    /// each (locking one that reaches its threshold, doubling with each further failure) and returns 0.
    /// </summary>
    private static readonly RedisScript Count = new("""
        local now, window, first, longest = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local wait = 0
        for i = 1, #KEYS do
          local locked = tonumber(redis.call('HGET', KEYS[i], 'locked') or '0')
          if locked - now > wait then wait = locked - now end
        end
        if wait > 0 then return wait end
        for i = 1, #KEYS do
          local held = redis.call('HMGET', KEYS[i], 'failures', 'last', 'locked')
          local failures = 1
          if held[1] and now - tonumber(held[2]) <= window then failures = tonumber(held[1]) + 1 end
          local threshold, locked = tonumber(ARGV[4 + i]), now
          if failures >= threshold then
            locked = now + math.min(longest, first * 2 ^ math.min(failures - threshold, 20))
          end
          redis.call('HSET', KEYS[i], 'failures', failures, 'last', now, 'locked', locked, 'before', held[3] or now)
          redis.call('PEXPIRE', KEYS[i], math.max(window, locked - now) + 1000)
        end
        return 0
        """);

    /// <summary>
    /// KEYS: the subjects; ARGV: each one's threshold. Takes back one failure from each: below the threshold nothing is
    /// locked (the lock ends at the last failure); at or above it, the lock from before that failure is restored, so a
    /// lock the failure started is lifted and one that had run out stays run out.
    /// </summary>
    private static readonly RedisScript GiveBack = new("""
        for i = 1, #KEYS do
          local held = redis.call('HMGET', KEYS[i], 'failures', 'last', 'before', 'locked')
          if held[1] then
            local failures = tonumber(held[1]) - 1
            if failures <= 0 then
              redis.call('DEL', KEYS[i])
            else
              local locked = held[3] or held[4]
              if failures < tonumber(ARGV[i]) then locked = held[2] end
              redis.call('HSET', KEYS[i], 'failures', failures, 'locked', locked)
            end
          end
        end
        """);

    public async ValueTask<TimeSpan> TryCountAsync(IReadOnlyList<AttemptSubject> subjects, AttemptPolicy policy)
    {
        RedisValue[] arguments =
        [
            time.GetUtcNow().ToUnixTimeMilliseconds(), (long)policy.Window.TotalMilliseconds,
            (long)policy.FirstLock.TotalMilliseconds, (long)policy.MaxLock.TotalMilliseconds,
            .. subjects.Select(subject => (RedisValue)subject.Threshold),
        ];
        var wait = (long)await Count.EvaluateAsync(redis.Database, Keys(subjects), arguments);
        return TimeSpan.FromMilliseconds(wait);
    }

    public async ValueTask GiveBackAsync(IReadOnlyList<AttemptSubject> subjects) =>
        await GiveBack.EvaluateAsync(redis.Database, Keys(subjects), [.. subjects.Select(subject => (RedisValue)subject.Threshold)]);

    private RedisKey[] Keys(IReadOnlyList<AttemptSubject> subjects) =>
        [.. subjects.Select(subject => redis.Key("login:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject.Id)))))];
}
