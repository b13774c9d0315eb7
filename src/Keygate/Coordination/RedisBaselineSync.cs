using System.Collections.Concurrent;
using System.Globalization;
using Keygate.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Shares misuse baselines between nodes: every pass (a second by default), each key this node saw since the last pass tells
/// Redis what it counted (requests per hour, new recipients this hour, new networks) and reads back the cluster's counts, in
/// one script call per key. The detectors then judge a key by what every node saw of it: an hour spread over three nodes is
/// one hour's traffic, a network one node learned is known to all, and a node that starts, or meets a key for the first
/// time, inherits its history instead of learning it again. Nothing of this is on the request path; a node's view of the
/// others is at most a pass old. While Redis is away, each node counts alone and tells what it missed once Redis is back.
/// </summary>
internal sealed partial class RedisBaselineSync(InProcessMisuseState state, RedisConnection redis, IOptions<RedisCoordinationOptions> options,
    TimeProvider time, ILogger<RedisBaselineSync> logger) : PeriodicService(time)
{
    private const int KeysAtOnce = 256;
    private static readonly TimeSpan NetworksKept = TimeSpan.FromDays(30);

    /// <summary>
    /// KEYS: the key's request counts by hour, its distinct-recipient counts by hour, its networks, when its first network
    /// was seen, then the recipient set of each hour told. ARGV: the counts' lifetime (ms; a hash whose window this node
    /// does not keep is left as it is); the hours to read back (from, to) and the recipient hours (from, to); the earliest
    /// request hour, recipient hour and network sighting (Unix ms) this node knows (-1: none); how many networks it knows;
    /// the networks' lifetime (ms); then the told counts (n, then n hour-count pairs), recipients (r hours, then for each
    /// its hour, m, and m recipients) and networks (k, then k). Returns the earliest hours and sighting, the counts by hour
    /// (hour-count pairs) and the networks, these only when the cluster knows more than this node.
    /// </summary>
    private static readonly RedisScript Tell = new("""
        local function earliest(key, field, value)
          if value ~= '-1' then
            local held = redis.call('HGET', key, field)
            if not held or tonumber(value) < tonumber(held) then redis.call('HSET', key, field, value) end
          end
          return redis.call('HGET', key, field) or '-1'
        end
        local function addAll(key, from, count)
          for i = from, from + count - 1, 1000 do
            redis.call('SADD', key, unpack(ARGV, i, math.min(i + 999, from + count - 1)))
          end
        end
        local function counts(key, from, to)
          local found = {}
          local hours = {}
          for hour = tonumber(from), tonumber(to) do hours[#hours + 1] = hour end
          if #hours == 0 then return found end
          for i, count in ipairs(redis.call('HMGET', key, unpack(hours))) do
            if count then found[#found + 1] = hours[i]; found[#found + 1] = tonumber(count) end
          end
          -- Hours that fell out of every node's window go, a few more than the window first.
          if redis.call('HLEN', key) > #hours + 8 then
            for _, field in ipairs(redis.call('HKEYS', key)) do
              local hour = tonumber(field)
              if hour and hour < tonumber(from) then redis.call('HDEL', key, field) end
            end
          end
          redis.call('PEXPIRE', key, ARGV[1])
          return found
        end
        local at = 11
        local told = tonumber(ARGV[at])
        for i = at + 1, at + 2 * told, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
        at = at + 2 * told + 1
        local recipientHours = tonumber(ARGV[at])
        at = at + 1
        for h = 1, recipientHours do
          local hour, recipients = ARGV[at], tonumber(ARGV[at + 1])
          local set = KEYS[4 + h]
          if recipients > 0 then addAll(set, at + 2, recipients) end
          redis.call('HSET', KEYS[2], hour, redis.call('SCARD', set))
          redis.call('PEXPIRE', set, ARGV[1])
          at = at + 2 + recipients
        end
        local networks = tonumber(ARGV[at])
        if networks > 0 then addAll(KEYS[3], at + 1, networks) end
        local result = {
          earliest(KEYS[1], 'first', ARGV[6]), earliest(KEYS[2], 'first', ARGV[7]), earliest(KEYS[4], 'seen', ARGV[8]),
          counts(KEYS[1], ARGV[2], ARGV[3]), counts(KEYS[2], ARGV[4], ARGV[5]),
          redis.call('SCARD', KEYS[3]) > tonumber(ARGV[9]) and redis.call('SMEMBERS', KEYS[3]) or {} }
        for _, key in ipairs({ KEYS[3], KEYS[4] }) do
          if redis.call('EXISTS', key) == 1 then redis.call('PEXPIRE', key, ARGV[10]) end
        end
        return result
        """);

    private readonly ConcurrentQueue<string> _seen = new();
    private bool _failing;

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Clamp(options.Value.BaselineSyncMilliseconds, 100, 60_000));

    /// <summary>
    /// Inside an update of the key (on the request path): its baselines are told at the next pass. The key is queued once a
    /// pass, when its share says it is not queued yet; every other request for it costs a field read.
    /// </summary>
    public void Saw(string keyId, KeyActivity activity)
    {
        var share = activity.Share ??= new BaselineShare();
        if (!share.Queued)
        {
            share.Queued = true;
            _seen.Enqueue(keyId);
        }
    }

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>(_seen.Count);
        while (_seen.TryDequeue(out var key))
        {
            keys.Add(key);
        }
        var failed = 0;
        foreach (var chunk in keys.Chunk(KeysAtOnce))
        {
            // Sent together: the multiplexer pipelines them, one round trip for the chunk.
            var results = await Task.WhenAll(chunk.Select(TellAsync));
            failed += results.Count(told => !told);
        }
        if (failed > 0 && !_failing)
        {
            _failing = true;
            LogTellFailed(logger, failed);
        }
        else if (failed == 0 && _failing)
        {
            _failing = false;
            LogRecovered(logger);
        }
    }

    protected override void ReportFailure(Exception exception) => LogPassFailed(logger, exception);

    private async Task<bool> TellAsync(string keyId)
    {
        var (told, hours, recipientHours) = state.Update(keyId, 0, static (activity, _) =>
            (activity.Share!.Take(activity), Window(activity.NewestHour, activity.Hours), Window(activity.RecipientHour, activity.RecipientHours)));
        BaselineShare.ClusterBaselines cluster;
        try
        {
            cluster = Read(await Tell.EvaluateAsync(redis.Database, Keys(keyId, told), Arguments(told, hours, recipientHours)));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Told again next pass (a reply lost on its way back after Redis counted it makes those counts count twice).
            // Restored, and queued again for the next pass.
            state.Update(keyId, (KeyId: keyId, Told: told, Sync: this), static (activity, failed) =>
            {
                activity.Share!.Restore(failed.Told);
                failed.Sync.Saw(failed.KeyId, activity);
                return 0;
            });
            return false;
        }
        var now = Time.GetUtcNow();
        state.Update(keyId, (told, cluster, now), static (activity, merge) =>
        {
            activity.Share!.Merge(activity, merge.told, merge.cluster, merge.now);
            return 0;
        });
        return true;
    }

    /// <summary>
    /// The hours of a ring ending at <paramref name="newest"/>: what the detector looks back over, the last thousand at most
    /// (a longer baseline is still counted here, and shared for its newest thousand hours).
    /// </summary>
    private static (long From, long To) Window(long newest, long[] ring) =>
        ring.Length == 0 || newest < 0 ? (0, -1) : (newest - Math.Min(ring.Length, 1_000) + 1, newest);

    private RedisKey[] Keys(string keyId, BaselineShare.Told told)
    {
        var prefix = "misuse:" + keyId + ":";
        return
        [
            redis.Key(prefix + "hours"), redis.Key(prefix + "recipient-hours"), redis.Key(prefix + "networks"), redis.Key(prefix + "first-seen"),
            .. told.Recipients.Select(r => redis.Key(prefix + "recipients:" + r.Hour.ToString(CultureInfo.InvariantCulture))),
        ];
    }

    private static RedisValue[] Arguments(BaselineShare.Told told, (long From, long To) hours, (long From, long To) recipientHours)
    {
        // Counts outlive the longest window by an hour; networks are a key's for as long as it is used.
        var kept = TimeSpan.FromHours(Math.Max(hours.To - hours.From, recipientHours.To - recipientHours.From) + 2);
        var values = new List<RedisValue>(16 + 2 * told.Hours.Count + told.Recipients.Sum(r => r.Recipients.Count + 2) + told.Networks.Count)
        {
            (long)kept.TotalMilliseconds, hours.From, hours.To, recipientHours.From, recipientHours.To,
            told.FirstHour, told.FirstRecipientHour, told.FirstSeen?.ToUnixTimeMilliseconds() ?? -1, told.NetworksKnown, (long)NetworksKept.TotalMilliseconds,
            told.Hours.Count,
        };
        foreach (var (hour, count) in told.Hours)
        {
            values.Add(hour);
            values.Add(count);
        }
        values.Add(told.Recipients.Count);
        foreach (var (hour, recipients) in told.Recipients)
        {
            values.Add(hour);
            values.Add(recipients.Count);
            values.AddRange(recipients.Select(r => (RedisValue)r));
        }
        values.Add(told.Networks.Count);
        values.AddRange(told.Networks.Select(n => (RedisValue)n));
        return [.. values];
    }

    private static BaselineShare.ClusterBaselines Read(RedisResult result)
    {
        var parts = (RedisResult[])result!;
        var seen = (long)parts[2];
        return new BaselineShare.ClusterBaselines(Pairs(parts[3]), (long)parts[0], Pairs(parts[4]), (long)parts[1],
            [.. ((RedisResult[])parts[5]!).Select(n => (string)n!)], seen < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(seen));
    }

    private static List<(long Hour, long Count)> Pairs(RedisResult result)
    {
        var values = (RedisResult[])result!;
        var pairs = new List<(long, long)>(values.Length / 2);
        for (var i = 0; i + 1 < values.Length; i += 2)
        {
            pairs.Add(((long)values[i], (long)values[i + 1]));
        }
        return pairs;
    }

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Misuse baselines of {Count} keys could not be shared through Redis; each node counts alone until Redis answers, then tells what it missed")]
    private static partial void LogTellFailed(ILogger logger, int count);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "Misuse baselines are shared through Redis again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Error, Message = "Sharing misuse baselines failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
