using Keygate.Http;
using Microsoft.AspNetCore.Diagnostics;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// Whatever needed Redis while it could not be reached (a signed request's nonce, say) is refused with 503
/// <c>unavailable</c>, like a limit decision: the client may retry, and nothing was carried out, since every such
/// check comes before the work it guards. Any other failure keeps its 500.
/// </summary>
internal sealed partial class RedisOutage(ILogger<RedisOutage> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (RedisConnectionException or RedisTimeoutException) || context.Response.HasStarted)
        {
            return false;
        }
        LogUnreachable(logger, exception.GetType().Name);
        // The client reconnects on its own within about half a second of Redis answering again.
        await Problems.WriteUnavailableAsync(context, TimeSpan.FromSeconds(1), "Keygate's coordination store cannot be reached right now; the request was not carried out.");
        return true;
    }

    [LoggerMessage(EventId = 950, Level = LogLevel.Warning, Message = "A request needed Redis, which could not be reached ({Failure}); answered 503")]
    private static partial void LogUnreachable(ILogger logger, string failure);
}
