using System.Globalization;
using Keygate.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Changes heard by every node through Redis. A change is appended to a change log (a Redis stream, whose entry ids
/// are the version) and announced on a pub/sub channel: subscribers hear the announcement at once, and each node also
/// reads the log past the last entry it saw every <see cref="RedisCoordinationOptions.VersionCheckMilliseconds"/>, so a
/// lost announcement (pub/sub delivers at most once, and nothing while a node is reconnecting) is made up within that
/// interval. Hearing a change twice is harmless: subscribers forget a copy, which they may do again.
/// The node that makes a change tells its own subscribers first, before the call returns, as on one node, and passes
/// over its own change when Redis brings it back.
/// Each change carries when it was made and by which node, so the others can measure how long it took to reach them
/// (<see cref="ChangePropagationMetrics"/>).
/// </summary>
internal sealed partial class RedisChangeNotifier(RedisConnection redis, IOptions<RedisCoordinationOptions> options,
    ChangePropagationMetrics propagation, ILogger<RedisChangeNotifier> logger) : PeriodicService(TimeProvider.System), IChangeNotifier
{
    // Enough for a burst of changes between two version checks; a node further behind than this has been away from
    // Redis long enough that its cached keys have expired (their time-to-live is a minute) by the time it is back.
    private const int LogLength = 100_000;
    private const int ReadBatch = 1_000;
    private const char Separator = '\n';

    // This node's subscribers, told whatever this node hears, from itself or from Redis.
    private readonly InProcessChangeNotifier _local = new();
    private readonly RedisCoordinationOptions _options = options.Value;
    // Tells this node's own changes from the others' when they come back through Redis.
    private readonly string _node = Guid.NewGuid().ToString("N");
    private RedisValue _seen = "0-0";
    private bool _positioned;
    private bool _subscribed;
    private bool _failing;
    private bool _subscribeFailed;

    private RedisKey Log => redis.Key("changes");

    private RedisChannel Channel => RedisChannel.Literal(redis.Prefix + "changes");

    /// <summary>The version check runs on real time, not the host's clock, which tests move by hand.</summary>
    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Clamp(_options.VersionCheckMilliseconds, 10, 1_000));

    protected override bool RunsAtStart => true;

    public async ValueTask PublishAsync(ChangeTopic topic, string id)
    {
        _local.Tell(topic, id);
        var madeAt = Now();
        try
        {
            var entry = await redis.Database.StreamAddAsync(Log, [new("topic", topic.Name), new("id", id), new("at", madeAt), new("node", _node)],
                maxLength: LogLength, useApproximateMaxLength: true);
            await AnnounceAsync(topic, id, (string?)entry, madeAt);
        }
        catch (RedisException exception)
        {
            // The change is already stored; other nodes learn of it when their cached copy expires.
            LogPublishFailed(logger, exception, topic.Name);
        }
    }

    /// <summary>An announcement with no change log entry (its entry field empty), so the other nodes do not measure it.</summary>
    public async ValueTask AnnounceAsync(ChangeTopic topic, string id)
    {
        try
        {
            await AnnounceAsync(topic, id, "", Now());
        }
        catch (RedisException exception)
        {
            LogPublishFailed(logger, exception, topic.Name);
        }
    }

    /// <summary>One announcement on the channel, a line per field (see <see cref="Announced"/>); none when pub/sub is off.</summary>
    private Task AnnounceAsync(ChangeTopic topic, string id, string? entry, string madeAt) => _options.PubSub
        ? redis.Subscriber.PublishAsync(Channel, string.Join(Separator, topic.Name, id, entry, madeAt, _node))
        : Task.CompletedTask;

    private static string Now() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public void Subscribe(ChangeTopic topic, Action<string> changed) => _local.Subscribe(topic, changed);

    /// <summary>
    /// Once Redis first answers, starts from the log's newest entry (changes made before concern nothing this node holds);
    /// then every pass reads the log past what this node saw, and subscribes to announcements until that has worked once.
    /// The log is read whether or not the subscription worked: a node whose subscription keeps failing (Redis flapping
    /// as it starts) still hears every change within a pass, and never starts again from the newest entry, which would
    /// skip the changes between.
    /// </summary>
    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_positioned)
            {
                await PositionAsync();
                _positioned = true;
            }
            await CatchUpAsync();
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }
        }
        catch (RedisException exception)
        {
            if (!_failing)
            {
                _failing = true;
                LogCheckFailed(logger, exception);
            }
            return;
        }
        if (_options.PubSub && !_subscribed)
        {
            await SubscribeAsync();
        }
    }

    protected override void ReportFailure(Exception exception) => LogPassFailed(logger, exception);

    private async Task PositionAsync()
    {
        var newest = await redis.Database.StreamRangeAsync(Log, count: 1, messageOrder: Order.Descending);
        if (newest.Length > 0)
        {
            _seen = newest[0].Id;
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            // A subscription that failed halfway may be held by the client already: dropped first, so that no handler is
            // registered twice (a wrong secret would then count twice). The client subscribes again by itself after a reconnect.
            await redis.Subscriber.UnsubscribeAsync(Channel);
            await redis.Subscriber.SubscribeAsync(Channel, (_, message) => Announced((string?)message ?? ""));
            _subscribed = true;
            _subscribeFailed = false;
        }
        catch (RedisException exception)
        {
            // Once per stretch of failures: a pass tries again every VersionCheckMilliseconds.
            if (!_subscribeFailed)
            {
                _subscribeFailed = true;
                LogSubscribeFailed(logger, exception);
            }
        }
    }

    private async Task CatchUpAsync()
    {
        StreamEntry[] entries;
        do
        {
            entries = await redis.Database.StreamReadAsync(Log, _seen, ReadBatch);
            foreach (var entry in entries)
            {
                // Past it first: a subscriber that throws is reported, and does not hold the log up for good.
                _seen = entry.Id;
                var own = (string?)entry["node"] == _node;
                if (!own)
                {
                    Deliver((string?)entry["topic"] ?? "", (string?)entry["id"] ?? "");
                }
                propagation.Read((string?)entry.Id ?? "", own ? null : (long?)entry["at"], TimeProvider.System.GetUtcNow());
            }
        }
        while (entries.Length == ReadBatch);
    }

    /// <summary>
    /// An announcement: topic, id, change log entry, when it was made (Unix milliseconds) and by which node, a line each.
    /// One from a node of the previous version carries only the topic and id: still delivered, not measured.
    /// </summary>
    private void Announced(string message)
    {
        var fields = message.Split(Separator);
        if (fields is [.., var node] && node == _node)
        {
            return; // told to this node's subscribers when it was made
        }
        if (fields is [var topic, var id, ..])
        {
            Deliver(topic, id);
        }
        if (fields is [_, _, var entry, var madeAt, _] && entry.Length > 0 && long.TryParse(madeAt, CultureInfo.InvariantCulture, out var at))
        {
            propagation.Announced(entry, at, TimeProvider.System.GetUtcNow());
        }
    }

    private void Deliver(string topic, string id) => _local.Tell(new ChangeTopic(topic), id);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "A change to {Topic} could not be announced to the other nodes through Redis")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "The change log in Redis cannot be read; other nodes' changes reach this node when its cached copies expire")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "The change log in Redis is readable again")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Subscribing to key change announcements in Redis failed; changes arrive through the version check until a later pass subscribes (logged once until it does)")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Applying changes heard through Redis failed; the next check goes on past them")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
