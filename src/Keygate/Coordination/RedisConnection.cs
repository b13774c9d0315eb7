using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// This node's one connection to the shared Redis, and the names of everything kept there. A node starts whether or not
/// Redis answers, and reconnects on its own: a command while it is away fails at once rather than waiting in a queue, so
/// a request that needs Redis is refused quickly (fail closed) and nothing is carried out late.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(IOptions<RedisCoordinationOptions> options)
    {
        var settings = options.Value;
        Prefix = settings.KeyPrefix;
        _multiplexer = new(() =>
        {
            var configuration = ConfigurationOptions.Parse(settings.Configuration);
            configuration.AbortOnConnectFail = false;
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ReconnectRetryPolicy = new LinearRetry(500);
            configuration.ClientName ??= "keygate";
            return ConnectionMultiplexer.Connect(configuration);
        });
    }

    public string Prefix { get; }

    public IDatabase Database => _multiplexer.Value.GetDatabase();

    public ISubscriber Subscriber => _multiplexer.Value.GetSubscriber();

    public RedisKey Key(string name) => Prefix + name;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
