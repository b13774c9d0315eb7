using System.Globalization;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Misuse memory with wrong secrets counted and the guessing lock shared by every node. Each node keeps a key's activity
/// (baselines, networks, wrong secrets) in its own memory, as on one node, and announces each wrong secret it sees to
/// the others, which count it toward the key's threshold as their own: guesses spread over N nodes lock the key at the
/// threshold, not at N times it (an announcement lost while a node reconnects is a guess not counted there). A lock one
/// node sets is written to Redis and announced as a change, and every node takes it as its own lock of the key (a round of
/// guessing, so the next round's lock doubles wherever it is set), so the lock check stays in memory on the request path
/// (it runs on every wrong secret). A lock reaches the other nodes as fast as a key change does (within a second). The baselines (hourly requests and recipients, networks) are counted
/// in this node's memory on the request path and shared by <see cref="RedisBaselineSync"/> between requests.
/// </summary>
internal sealed partial class RedisMisuseState : IMisuseState
{
    private static readonly ChangeTopic Locks = new("guessing-lock");
    private static readonly ChangeTopic WrongSecrets = new("wrong-secret");

    /// <summary>KEYS[1] the key's lock; ARGV[1] its end (Unix milliseconds). A lock only grows, whichever node reports first.</summary>
    private static readonly RedisScript Extend = new("""
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > current then
          redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
        end
        """);

    private readonly RedisConnection _redis;
    private readonly IChangeNotifier _changes;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisMisuseState> _logger;
    private readonly InProcessMisuseState _local;
    private readonly RedisBaselineSync _baselines;

    public RedisMisuseState(InProcessMisuseState local, RedisBaselineSync baselines, RedisConnection redis, IChangeNotifier changes, TimeProvider time,
        ILogger<RedisMisuseState> logger)
    {
        _local = local;
        _baselines = baselines;
        _redis = redis;
        _changes = changes;
        _time = time;
        _logger = logger;
        changes.Subscribe(Locks, keyId => _ = HearAsync(keyId));
        changes.Subscribe(WrongSecrets, HearWrongSecret);
    }

    public TimeSpan GuessingLock(string keyId) => _local.GuessingLock(keyId);

    public TResult Update<TArg, TResult>(string keyId, TArg arg, Func<KeyActivity, TArg, TResult> update)
    {
        var (result, locked, wrongSecret) = _local.Update(keyId, (arg, update, keyId, _baselines), static (activity, state) =>
        {
            state._baselines.Saw(state.keyId, activity);
            var before = activity.GuessingLockedUntil;
            var wrongSecrets = activity.WrongSecrets;
            var result = state.update(activity, state.arg);
            return (result, activity.GuessingLockedUntil > before ? activity.GuessingLockedUntil : (DateTimeOffset?)null, activity.WrongSecrets > wrongSecrets);
        });
        if (wrongSecret)
        {
            var at = _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            _ = _changes.AnnounceAsync(WrongSecrets, keyId + ' ' + at).AsTask();
        }
        if (locked is { } until)
        {
            _ = ShareAsync(keyId, until);
        }
        return result;
    }

    /// <summary>Another node saw a wrong secret for a key: "key-id unix-milliseconds".</summary>
    private void HearWrongSecret(string message)
    {
        var space = message.LastIndexOf(' ');
        if (space > 0 && long.TryParse(message.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
        {
            _local.Update(message[..space], DateTimeOffset.FromUnixTimeMilliseconds(at), static (activity, at) =>
            {
                activity.WrongSecretElsewhere(at);
                return true;
            });
        }
    }

    private async Task ShareAsync(string keyId, DateTimeOffset until)
    {
        try
        {
            await Extend.EvaluateAsync(_redis.Database, [LockKey(keyId)], [until.ToUnixTimeMilliseconds()]);
            await _changes.PublishAsync(Locks, keyId);
        }
        catch (RedisException exception)
        {
            LogShareFailed(_logger, exception, keyId);
        }
    }

    /// <summary>
    /// A lock was announced: it becomes this node's lock of the key too, a round of guessing as if seen here (its wrong
    /// secrets spent, as a lock of its own spends them), so that the next round needs the whole threshold again and locks
    /// for twice as long, whichever node sees it. A lock that only lengthens one already running here (two nodes locked at
    /// once, the later end kept) is the same round.
    /// </summary>
    private async Task HearAsync(string keyId)
    {
        try
        {
            var value = await _redis.Database.StringGetAsync(LockKey(keyId));
            if (value.TryParse(out long milliseconds))
            {
                _local.Update(keyId, (Until: DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), Now: _time.GetUtcNow()), static (activity, heard) =>
                {
                    if (heard.Until <= activity.GuessingLockedUntil)
                    {
                        return 0; // this node's own lock, or one it already heard
                    }
                    if (activity.GuessingLockedUntil <= heard.Now)
                    {
                        activity.LockGuessing(heard.Until);
                    }
                    else
                    {
                        activity.GuessingLockedUntil = heard.Until;
                    }
                    return 0;
                });
            }
        }
        catch (RedisException exception)
        {
            LogShareFailed(_logger, exception, keyId);
        }
    }

    private RedisKey LockKey(string keyId) => _redis.Key("guessing-lock:" + keyId);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "The guessing lock of key {KeyId} could not be shared through Redis")]
    private static partial void LogShareFailed(ILogger logger, Exception exception, string keyId);
}
