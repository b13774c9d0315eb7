namespace Keygate.Coordination;

/// <summary>
/// The durable side of quotas: how much of each quota period has been handed out to nodes. A node reserves a
/// block here before spending it in memory, so a crash can only lose unspent allowance (under-spend), never forget
/// allowance it spent (over-spend); several nodes reserving from one store never hand out more than the store
/// recorded. Scopes are key or account ids, metrics and periods the numbers the store keeps.
/// </summary>
internal interface IQuotaReservations
{
    /// <summary>What earlier runs reserved for this period; a node that starts treats all of it as spent.</summary>
    Task<long> ReservedAsync(string scope, int metric, int period, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="amount"/> to the reservation in one atomic, conditional step, durable before it returns: only if
    /// the total stays within <paramref name="limit"/>, so that nodes reserving at once can never pass it together.
    /// </summary>
    Task<QuotaGrant> ReserveAsync(string scope, int metric, int period, long amount, long limit, CancellationToken cancellationToken);

    /// <summary>On a graceful stop, hands back <paramref name="unspent"/>: what this node reserved and did not spend (never another node's).</summary>
    Task ReleaseAsync(string scope, int metric, int period, long unspent, CancellationToken cancellationToken);
}

/// <summary>Whether a reservation was granted, and the period's total reserved by all nodes once it was (or was not).</summary>
internal readonly record struct QuotaGrant(bool Granted, long Total);
