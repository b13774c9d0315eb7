using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Changes heard by every node through Redis. A change is appended to a change log (a Redis stream, whose entry ids
/// are the version) and announced on a pub/sub channel: subscribers hear the announcement at once, and each node also
/// reads the log past the last entry it saw every <see cref="RedisCoordinationOptions.VersionCheckMilliseconds"/>, so a
/// lost announcement (pub/sub delivers at most once, and nothing while a node is reconnecting) is made up within that
/// interval. Hearing a change twice is harmless: subscribers forget a copy, which they may do again.
/// The node that makes a change tells its own subscribers first, before the call returns, as on one node.
/// </summary>
internal sealed partial class RedisChangeNotifier(RedisConnection redis, IOptions<RedisCoordinationOptions> options,
    ILogger<RedisChangeNotifier> logger) : BackgroundService, IChangeNotifier
{
    // Enough for a burst of changes between two version checks; a node further behind than this has been away from
    // Redis long enough that its cached keys have expired (their time-to-live is a minute) by the time it is back.
    private const int LogLength = 100_000;
    private const int ReadBatch = 1_000;
    private const char Separator = '\n';

    private readonly ConcurrentDictionary<string, Action<string>[]> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly RedisCoordinationOptions _options = options.Value;
    private RedisValue _seen = "0-0";
    private bool _failing;

    private RedisKey Log => redis.Key("changes");

    private RedisChannel Channel => RedisChannel.Literal(redis.Prefix + "changes");

    public async ValueTask PublishAsync(ChangeTopic topic, string id)
    {
        Deliver(topic.Name, id);
        try
        {
            await redis.Database.StreamAddAsync(Log, [new("topic", topic.Name), new("id", id)], maxLength: LogLength, useApproximateMaxLength: true);
            if (_options.PubSub)
            {
                await redis.Subscriber.PublishAsync(Channel, string.Concat(topic.Name, Separator.ToString(), id));
            }
        }
        catch (RedisException exception)
        {
            // The change is already stored; other nodes learn of it when their cached copy expires.
            LogPublishFailed(logger, exception, topic.Name);
        }
    }

    public void Subscribe(ChangeTopic topic, Action<string> changed)
    {
        lock (_lock)
        {
            _subscribers[topic.Name] = [.. _subscribers.GetValueOrDefault(topic.Name, []), changed];
        }
    }

    /// <summary>Reads the change log past what this node saw, every interval of real time (not the host's clock, which tests move by hand).</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StartFromNewestAsync();
        if (_options.PubSub)
        {
            await SubscribeToAnnouncementsAsync();
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Clamp(_options.VersionCheckMilliseconds, 10, 1_000)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await CatchUpAsync();
        }
    }

    /// <summary>Changes made before this node started concern nothing it holds.</summary>
    private async Task StartFromNewestAsync()
    {
        try
        {
            var newest = await redis.Database.StreamRangeAsync(Log, count: 1, messageOrder: Order.Descending);
            if (newest.Length > 0)
            {
                _seen = newest[0].Id;
            }
        }
        catch (RedisException exception)
        {
            Failing(exception);
        }
    }

    private async Task SubscribeToAnnouncementsAsync()
    {
        try
        {
            // The client subscribes again by itself after a reconnect.
            await redis.Subscriber.SubscribeAsync(Channel, (_, message) =>
            {
                var text = (string?)message ?? "";
                var at = text.IndexOf(Separator, StringComparison.Ordinal);
                if (at > 0)
                {
                    Deliver(text[..at], text[(at + 1)..]);
                }
            });
        }
        catch (RedisException exception)
        {
            Failing(exception);
        }
    }

    private async Task CatchUpAsync()
    {
        try
        {
            StreamEntry[] entries;
            do
            {
                entries = await redis.Database.StreamReadAsync(Log, _seen, ReadBatch);
                foreach (var entry in entries)
                {
                    Deliver((string?)entry["topic"] ?? "", (string?)entry["id"] ?? "");
                    _seen = entry.Id;
                }
            }
            while (entries.Length == ReadBatch);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }
        }
        catch (RedisException exception)
        {
            Failing(exception);
        }
    }

    private void Deliver(string topic, string id)
    {
        if (_subscribers.TryGetValue(topic, out var subscribers))
        {
            foreach (var changed in subscribers)
            {
                changed(id);
            }
        }
    }

    private void Failing(RedisException exception)
    {
        if (!_failing)
        {
            _failing = true;
            LogCheckFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Error, Message = "A change to {Topic} could not be announced to the other nodes through Redis")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "The change log in Redis cannot be read; other nodes' changes reach this node when its cached copies expire")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "The change log in Redis is readable again")]
    private static partial void LogRecovered(ILogger logger);
}
