using System.ComponentModel.DataAnnotations;
using Keygate.Coordination;
using Microsoft.Extensions.Options;

namespace Keygate.Accounts;

internal sealed class LoginThrottleOptions
{
    public const string Section = "Login:Throttle";

    /// <summary>Failures for one e-mail address before it is locked.</summary>
    public int FailuresPerAccount { get; set; } = 5;

    /// <summary>Failures from one client address (more: several people may share one).</summary>
    public int FailuresPerAddress { get; set; } = 20;

    public int FirstLockSeconds { get; set; } = 30;

    public int MaxLockSeconds { get; set; } = 900;

    /// <summary>Failures older than this are forgotten.</summary>
    public int WindowSeconds { get; set; } = 900;

    /// <summary>Passwords hashed at once; more would let anonymous logins take every core.</summary>
    [Range(1, 1024)]
    public int ConcurrentPasswordChecks { get; set; } = Environment.ProcessorCount;

    /// <summary>How long a login waits for a free hashing slot before it is answered 503.</summary>
    [Range(0, 60)]
    public int PasswordCheckWaitSeconds { get; set; } = 5;
}

/// <summary>
/// Slows password guessing per account and per client address: past the threshold each further failure
/// doubles the lock, up to a cap. A correct password during a lock is refused too (otherwise the lock
/// would tell a guesser when it had found the password). Each attempt is counted as a failure before its
/// password is hashed, in the same step as the check, so parallel guesses cannot all pass the check while
/// the first ones are still hashing; a right password then gives its attempt back. The counts are
/// <see cref="ILoginAttempts"/>'s; the hashing slots are this node's own cores.
/// </summary>
internal sealed class LoginThrottle(ILoginAttempts attempts, IOptions<LoginThrottleOptions> options) : IDisposable
{
    private readonly LoginThrottleOptions _options = options.Value;
    private readonly AttemptPolicy _policy = new(
        TimeSpan.FromSeconds(options.Value.WindowSeconds), TimeSpan.FromSeconds(options.Value.FirstLockSeconds), TimeSpan.FromSeconds(options.Value.MaxLockSeconds));
    private readonly SemaphoreSlim _hashing = new(options.Value.ConcurrentPasswordChecks);

    /// <summary>
    /// Takes one attempt for the e-mail and the client address, counted as a failure until <see cref="ReleaseAsync"/>
    /// gives it back; or, while either is locked, takes nothing and says how long to wait.
    /// </summary>
    public ValueTask<TimeSpan> TryReserveAsync(string email, string address) => attempts.TryCountAsync([EmailSubject(email), AddressSubject(address)], _policy);

    /// <summary>
    /// The password was right, or none was checked (no hashing slot came free): the attempt is given back to both. A
    /// right password does not forget the e-mail's earlier failures: an e-mail may have a login in several accounts,
    /// and whoever holds one of them (an inviter holds the password they handed out) must not be able to clear the
    /// count of guesses at the others.
    /// </summary>
    public ValueTask ReleaseAsync(string email, string address) => attempts.GiveBackAsync([EmailSubject(email), AddressSubject(address)]);

    /// <summary>
    /// The attempt stays counted against the e-mail but is given back to the address: a password change, which is a
    /// guess at the e-mail's logins in other accounts (see ChangePassword) but must not lock an office's address.
    /// </summary>
    public ValueTask ReleaseAddressAsync(string address) => attempts.GiveBackAsync([AddressSubject(address)]);

    /// <summary>
    /// Checks a password against the stored hashes (see <see cref="PasswordHasher.IndexOfMatch"/>) once a hashing slot
    /// is free: the index of the match or -1, or null when no slot came free in time. PBKDF2 costs a core for a good
    /// fraction of a second, so the slots bound what anonymous callers can spend: a check holds its slot for every
    /// hash it runs (one per distinct salt among the hashes, or the decoy), one at a time.
    /// </summary>
    public async Task<int?> CheckPasswordAsync(string password, IReadOnlyList<string> storedHashes, CancellationToken cancellationToken)
    {
        if (!await _hashing.WaitAsync(TimeSpan.FromSeconds(_options.PasswordCheckWaitSeconds), cancellationToken))
        {
            return null;
        }
        try
        {
            return PasswordHasher.IndexOfMatch(password, storedHashes);
        }
        finally
        {
            _hashing.Release();
        }
    }

    public void Dispose() => _hashing.Dispose();

    private AttemptSubject EmailSubject(string email) => new("email:" + email, _options.FailuresPerAccount);

    private AttemptSubject AddressSubject(string address) => new("ip:" + address, _options.FailuresPerAddress);
}
