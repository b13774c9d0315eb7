using System.Collections.Concurrent;
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
}

/// <summary>
/// Slows password guessing per account and per client address: past the threshold each further failure
/// doubles the lock, up to a cap. A correct password during a lock is refused too (otherwise the lock
/// would tell a guesser when it had found the password).
/// </summary>
internal sealed class LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider time)
{
    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LoginThrottleOptions _options = options.Value;

    /// <summary>How long the caller must wait, or zero.</summary>
    public TimeSpan RetryAfter(string email, string address)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var subject in Subjects(email, address))
        {
            if (_entries.TryGetValue(subject, out var entry) && entry.LockedUntil > now && entry.LockedUntil - now > wait)
            {
                wait = entry.LockedUntil - now;
            }
        }
        return wait;
    }

    public void Failed(string email, string address)
    {
        var now = time.GetUtcNow();
        Record("email:" + email, _options.FailuresPerAccount, now);
        Record("ip:" + address, _options.FailuresPerAddress, now);
        if (_entries.Count > 100_000)
        {
            Forget(now);
        }
    }

    public void Succeeded(string email) => _entries.TryRemove("email:" + email, out _);

    private void Record(string subject, int threshold, DateTimeOffset now) =>
        _entries.AddOrUpdate(subject,
            _ => Next(0, threshold, now),
            (_, entry) => Next(now - entry.LastFailure > TimeSpan.FromSeconds(_options.WindowSeconds) ? 0 : entry.Failures, threshold, now));

    private Entry Next(int failuresSoFar, int threshold, DateTimeOffset now)
    {
        var failures = failuresSoFar + 1;
        if (failures < threshold)
        {
            return new Entry(failures, now, now);
        }
        var seconds = Math.Min(_options.MaxLockSeconds, _options.FirstLockSeconds * Math.Pow(2, Math.Min(failures - threshold, 20)));
        return new Entry(failures, now, now + TimeSpan.FromSeconds(seconds));
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (subject, entry) in _entries)
        {
            if (now - entry.LastFailure > TimeSpan.FromSeconds(_options.WindowSeconds) && entry.LockedUntil <= now)
            {
                _entries.TryRemove(subject, out _);
            }
        }
    }

    private static string[] Subjects(string email, string address) => ["email:" + email, "ip:" + address];
}
