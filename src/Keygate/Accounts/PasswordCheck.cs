using Keygate.Http;

namespace Keygate.Accounts;

/// <summary>
/// Checking a typed password, as a login and a password change both do: an attempt is taken from the
/// <see cref="LoginThrottle"/> for the e-mail and the client's address first (counted as a failure until the password
/// proves right), then the hashes are compared in one of its hashing slots. The services decide what a match means.
/// </summary>
internal sealed partial class PasswordCheck(LoginThrottle throttle, ILogger<PasswordCheck> logger)
{
    /// <summary>Every password-hashing slot stayed busy.</summary>
    private static readonly Refusal Busy = Refusal.Unavailable("Too many logins at once; try again in a moment.", TimeSpan.FromSeconds(1));

    /// <summary>Where the attempts are counted cannot be asked (a shared store is down): no password is checked, fail closed.</summary>
    private static readonly Refusal Uncounted = Refusal.Unavailable("Sign-in attempts cannot be counted right now; try again in a moment.", TimeSpan.FromSeconds(1));

    /// <summary>Takes an attempt for this e-mail and address, or says how long to wait while either is locked.</summary>
    public async ValueTask<Refusal?> ReserveAsync(string email, string? address)
    {
        TimeSpan wait;
        try
        {
            wait = await throttle.TryReserveAsync(email, ThrottleKeyOf(address));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUncounted(logger, exception);
            return Uncounted;
        }
        return wait <= TimeSpan.Zero ? null : Refusal.Throttled("Too many failed attempts; wait before trying again.", wait);
    }

    /// <summary>
    /// The index of the stored hash the password matches, or -1; <see cref="Busy"/> (and the attempt given back) when no
    /// hashing slot came free.
    /// </summary>
    public async Task<Outcome<int>> MatchAsync(string email, string? address, string password, IReadOnlyList<string> storedHashes,
        CancellationToken cancellationToken)
    {
        var matched = await throttle.CheckPasswordAsync(password, storedHashes, cancellationToken);
        if (matched is null)
        {
            await throttle.ReleaseAsync(email, ThrottleKeyOf(address));
            return Busy;
        }
        return Outcome.Done(matched.Value);
    }

    /// <summary>The password proved right: the attempt is given back for the e-mail and the address.</summary>
    public ValueTask PassedAsync(string email, string? address) => throttle.ReleaseAsync(email, ThrottleKeyOf(address));

    /// <summary>Gives the attempt back for the address only, keeping it counted against the e-mail.</summary>
    public ValueTask PassedAddressAsync(string? address) => throttle.ReleaseAddressAsync(ThrottleKeyOf(address));

    /// <summary>The client address the throttle counts failures under.</summary>
    private static string ThrottleKeyOf(string? address) => address ?? "unknown";

    [LoggerMessage(EventId = 215, Level = LogLevel.Error, Message = "Sign-in attempts could not be counted; refusing the sign-in")]
    private static partial void LogUncounted(ILogger logger, Exception exception);
}
