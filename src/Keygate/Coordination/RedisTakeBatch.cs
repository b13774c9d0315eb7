using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// A node's limit takes, sent to Redis together: a take that finds no call on its way goes at once, alone; those that
/// arrive while a call is out wait for its answer and then go in one call (<see cref="RedisLimitScripts.Take"/>), up to
/// <see cref="MaxTakes"/>. Redis runs the takes one after the other within the call, each all-or-nothing as if alone, so
/// nothing changes for the limits; what changes is the cost of each: one script call a round trip instead of one a request.
/// </summary>
internal sealed class RedisTakeBatch(RedisConnection redis, TimeProvider time)
{
    private const int MaxTakes = 64;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _sending;

    private sealed record Pending(RedisKey[] Keys, RedisValue[] Arguments, TaskCompletionSource<RedisResult[]> Answer);

    /// <summary>
    /// One request's take: its counters' keys, and for ARGV its number of counters, its requests and each counter's four
    /// values (as <see cref="RedisLimitScripts.Take"/> reads them). The answer is that request's own.
    /// </summary>
    public Task<RedisResult[]> TakeAsync(RedisKey[] keys, RedisValue[] arguments)
    {
        var pending = new Pending(keys, arguments, new TaskCompletionSource<RedisResult[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
        {
            _ = SendAsync();
        }
        return pending.Answer.Task;
    }

    /// <summary>Sends what is queued, call after call, until the queue is empty; then lets the next take start again.</summary>
    private async Task SendAsync()
    {
        while (true)
        {
            var batch = new List<Pending>();
            while (batch.Count < MaxTakes && _queue.TryDequeue(out var pending))
            {
                batch.Add(pending);
            }
            if (batch.Count == 0)
            {
                Volatile.Write(ref _sending, 0);
                // A take queued after the last look but before the flag fell found it set and left the sending to this loop.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _sending, 1, 0) != 0)
                {
                    return;
                }
                continue;
            }
            await SendAsync(batch);
        }
    }

    private async Task SendAsync(List<Pending> batch)
    {
        var keys = new List<RedisKey>();
        var arguments = new List<RedisValue> { time.GetUtcNow().ToUnixTimeMilliseconds() };
        foreach (var pending in batch)
        {
            keys.AddRange(pending.Keys);
            arguments.AddRange(pending.Arguments);
        }
        try
        {
            var answers = (RedisResult[])(await RedisLimitScripts.Take.EvaluateAsync(redis.Database, [.. keys], [.. arguments]))!;
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult((RedisResult[])answers[i]!);
            }
        }
        catch (Exception exception)
        {
            // Each request fails as its own call would have (closed: the limiter's caller answers 503).
            batch.ForEach(pending => pending.Answer.TrySetException(exception));
        }
    }
}
