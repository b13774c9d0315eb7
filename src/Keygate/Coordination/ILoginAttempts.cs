namespace Keygate.Coordination;

/// <summary>
/// Failed sign-in attempts, counted per subject (an e-mail address, a client address), and the locks they earn.
/// The throttle decides what to count and when to give an attempt back; this seam counts, in one atomic step per
/// call, so parallel guesses cannot all pass the check before any is counted. Asynchronous: a shared implementation
/// asks its store.
/// </summary>
internal interface ILoginAttempts
{
    /// <summary>
    /// While any subject is locked, counts nothing and returns the longest wait; otherwise counts one failure against
    /// every subject and returns zero. A subject whose failures reach its threshold is locked for
    /// <see cref="AttemptPolicy.FirstLock"/>, doubled by each further failure up to <see cref="AttemptPolicy.MaxLock"/>.
    /// </summary>
    ValueTask<TimeSpan> TryCountAsync(IReadOnlyList<AttemptSubject> subjects, AttemptPolicy policy);

    /// <summary>Takes back one counted failure from each subject: a lock that failure started is lifted, an earlier one stays.</summary>
    ValueTask GiveBackAsync(IReadOnlyList<AttemptSubject> subjects);
}

/// <summary>What attempts are counted against, and how many failures lock it.</summary>
internal readonly record struct AttemptSubject(string Id, int Threshold);

/// <summary>How long locks last; failures older than <paramref name="Window"/> are forgotten.</summary>
internal readonly record struct AttemptPolicy(TimeSpan Window, TimeSpan FirstLock, TimeSpan MaxLock);
