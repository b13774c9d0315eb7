namespace Keygate.Coordination;

/// <summary>One node's count of failed sign-ins, under one lock; swept once it holds 100,000 subjects.</summary>
internal sealed class InProcessLoginAttempts(TimeProvider time) : ILoginAttempts
{
    /// <summary>A subject's count; <c>LockedBefore</c> is the lock it had before its last failure, which giving that failure back restores.</summary>
    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset LockedUntil, DateTimeOffset LockedBefore);

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ValueTask<TimeSpan> TryCountAsync(IReadOnlyList<AttemptSubject> subjects, AttemptPolicy policy) => ValueTask.FromResult(TryCount(subjects, policy));

    public ValueTask GiveBackAsync(IReadOnlyList<AttemptSubject> subjects)
    {
        lock (_lock)
        {
            foreach (var subject in subjects)
            {
                GiveBack(subject);
            }
        }
        return ValueTask.CompletedTask;
    }

    private TimeSpan TryCount(IReadOnlyList<AttemptSubject> subjects, AttemptPolicy policy)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var wait = TimeSpan.Zero;
            foreach (var subject in subjects)
            {
                if (_entries.TryGetValue(subject.Id, out var entry) && entry.LockedUntil - now > wait)
                {
                    wait = entry.LockedUntil - now;
                }
            }
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }
            foreach (var subject in subjects)
            {
                Record(subject, policy, now);
            }
            if (_entries.Count > 100_000)
            {
                Forget(policy, now);
            }
            return TimeSpan.Zero;
        }
    }

    private void Record(AttemptSubject subject, AttemptPolicy policy, DateTimeOffset now)
    {
        var known = _entries.TryGetValue(subject.Id, out var entry);
        var failuresSoFar = known && now - entry!.LastFailure <= policy.Window ? entry.Failures : 0;
        var failures = failuresSoFar + 1;
        var lockedUntil = failures < subject.Threshold
            ? now
            : now + TimeSpan.FromSeconds(Math.Min(policy.MaxLock.TotalSeconds, policy.FirstLock.TotalSeconds * Math.Pow(2, Math.Min(failures - subject.Threshold, 20))));
        _entries[subject.Id] = new Entry(failures, now, lockedUntil, known ? entry!.LockedUntil : now);
    }

    private void GiveBack(AttemptSubject subject)
    {
        if (!_entries.TryGetValue(subject.Id, out var entry))
        {
            return;
        }
        if (entry.Failures <= 1)
        {
            _entries.Remove(subject.Id);
            return;
        }
        var failures = entry.Failures - 1;
        // Below the threshold nothing is locked; at or above it, the lock the subject had before this failure (one that has
        // run out stays run out: a right password after a lock must not start a new one).
        _entries[subject.Id] = entry with { Failures = failures, LockedUntil = failures < subject.Threshold ? entry.LastFailure : entry.LockedBefore };
    }

    private void Forget(AttemptPolicy policy, DateTimeOffset now)
    {
        foreach (var (subject, entry) in _entries.ToList())
        {
            if (now - entry.LastFailure > policy.Window && entry.LockedUntil <= now)
            {
                _entries.Remove(subject);
            }
        }
    }
}
