using Keygate.Coordination;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// Bounds what anonymous callers can make Keygate hash. A signature is checked against every registered app secret (the
/// body cannot be read before it is trusted), one HMAC of up to a megabyte each, so failed signatures are counted per
/// client address, and past the threshold an address is answered 429 before its body is read. An event that proves
/// signed gives its attempt back: Meta, which signs every event, never locks itself out, and retries anything a lock
/// refused for days. The counts are <see cref="ILoginAttempts"/>'s, shared by the nodes when they share Redis.
/// </summary>
internal sealed partial class WebhookSignatureThrottle(ILoginAttempts attempts, ILogger<WebhookSignatureThrottle> logger)
{
    private const int FailuresPerAddress = 20;
    private static readonly AttemptPolicy Policy = new(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

    /// <summary>
    /// Counts an attempt for the address, or says how long it stays locked. If the counts cannot be asked, nothing is
    /// counted and the event is checked: an outage of the shared store must not turn Meta's events away.
    /// </summary>
    public async ValueTask<TimeSpan> TryReserveAsync(string address)
    {
        try
        {
            return await attempts.TryCountAsync([Subject(address)], Policy);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUncounted(logger, exception);
            return TimeSpan.Zero;
        }
    }

    /// <summary>The signature held: the attempt is given back.</summary>
    public async ValueTask SignedAsync(string address)
    {
        try
        {
            await attempts.GiveBackAsync([Subject(address)]);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUncounted(logger, exception);
        }
    }

    private static AttemptSubject Subject(string address) => new("meta-webhook:" + address, FailuresPerAddress);

    [LoggerMessage(EventId = 630, Level = LogLevel.Warning, Message = "Failed webhook signatures could not be counted; the event's signature is checked regardless")]
    private static partial void LogUncounted(ILogger logger, Exception exception);
}
