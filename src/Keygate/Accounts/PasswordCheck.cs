using Keygate.Http;

namespace Keygate.Accounts;

/// <summary>
/// Checking a typed password, as a login and a password change both do: an attempt is taken from the
/// <see cref="LoginThrottle"/> for the e-mail and the client's address first (counted as a failure until the password
/// proves right), then the hashes are compared in one of its hashing slots. The services decide what a match means.
/// </summary>
internal sealed class PasswordCheck(LoginThrottle throttle)
{
    /// <summary>Every password-hashing slot stayed busy.</summary>
    private static readonly Refusal Busy = Refusal.Unavailable("Too many logins at once; try again in a moment.", TimeSpan.FromSeconds(1));

    /// <summary>Takes an attempt for this e-mail and address, or says how long to wait while either is locked.</summary>
    public Refusal? Reserve(string email, string? address)
    {
        var wait = throttle.TryReserve(email, ThrottleKeyOf(address));
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
            throttle.Release(email, ThrottleKeyOf(address));
            return Busy;
        }
        return Outcome.Done(matched.Value);
    }

    /// <summary>The password proved right: the attempt is given back for the e-mail and the address.</summary>
    public void Passed(string email, string? address) => throttle.Release(email, ThrottleKeyOf(address));

    /// <summary>Gives the attempt back for the address only, keeping it counted against the e-mail.</summary>
    public void PassedAddress(string? address) => throttle.ReleaseAddress(ThrottleKeyOf(address));

    /// <summary>The client address the throttle counts failures under.</summary>
    private static string ThrottleKeyOf(string? address) => address ?? "unknown";
}
