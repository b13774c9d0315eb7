using System.Collections.Concurrent;
using Keygate.Coordination;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// Bounds what anonymous callers can make Keygate hash. A signature is checked against every registered app secret (the
/// body cannot be read before it is trusted), one HMAC of up to a megabyte each, so wrong signatures are counted per
/// client address, and a locked address is answered 429 before its body is read. Only wrong signatures are counted:
/// Meta signs every event right, so its events never count, and a lock that other callers earned from Meta's own
/// address (a proxy whose forwarded addresses are not trusted) only delays events that Meta retries for days.
/// The counts are <see cref="ILoginAttempts"/>'s, shared by the nodes when they share Redis; each node remembers the
/// locks it has been told of, so that a locked address costs no call to the store either.
/// </summary>
internal sealed partial class WebhookSignatureThrottle(ILoginAttempts attempts, TimeProvider time, ILogger<WebhookSignatureThrottle> logger)
{
    private const int FailuresPerAddress = 20;
    private const int LocksRemembered = 10_000;
    private static readonly AttemptPolicy Policy = new(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

    private readonly ConcurrentDictionary<string, DateTimeOffset> _locked = new(StringComparer.Ordinal);

    /// <summary>How long the address stays locked, as far as this node was told; zero when it may send.</summary>
    public TimeSpan LockedFor(string address)
    {
        if (!_locked.TryGetValue(address, out var until))
        {
            return TimeSpan.Zero;
        }
        var left = until - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _locked.TryRemove(KeyValuePair.Create(address, until));
        }
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>
    /// Counts a wrong signature from the address; the store answers with the lock when one holds, which this node then
    /// keeps. If the store cannot be asked, nothing is counted: its outage must not turn Meta's events away.
    /// </summary>
    public async Task FailedAsync(string address)
    {
        TimeSpan wait;
        try
        {
            wait = await attempts.TryCountAsync([new AttemptSubject("meta-webhook:" + address, FailuresPerAddress)], Policy);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUncounted(logger, exception);
            return;
        }
        if (wait > TimeSpan.Zero)
        {
            if (_locked.Count >= LocksRemembered)
            {
                _locked.Clear(); // a flood of addresses: forget them all rather than grow; each relearns its lock at its next failure
            }
            _locked[address] = time.GetUtcNow() + wait;
        }
    }

    [LoggerMessage(EventId = 630, Level = LogLevel.Warning, Message = "A wrong webhook signature could not be counted")]
    private static partial void LogUncounted(ILogger logger, Exception exception);
}
