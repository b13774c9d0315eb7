namespace Keygate.Audit;

/// <summary>
/// One entry of an account's audit trail, append-only. <see cref="Hash"/> chains it to the entry before it
/// (<see cref="AuditHash"/>), so an edited, removed or reordered entry shows when the chain is verified.
/// </summary>
internal sealed class AuditEvent
{
    /// <summary>Storage order across all accounts; not part of the hash, so a store migration may renumber it.</summary>
    public long Id { get; init; }
    public required string AccountId { get; init; }
    /// <summary>1, 2, 3… within the account, without gaps: the chain's order.</summary>
    public long Sequence { get; init; }
    public AuditEventType Type { get; init; }
    public AuditActorType ActorType { get; init; }
    public string? ActorId { get; init; }
    /// <summary>UTC, whole microseconds, so every store keeps exactly what was hashed.</summary>
    public DateTime OccurredAt { get; init; }
    public string? SourceAddress { get; init; }
    public AuditTargetType? TargetType { get; init; }
    public string? TargetId { get; init; }
    /// <summary><c>{"field": {"before": …, "after": …}}</c> for the fields that changed; never a secret, a hash of one, or a password.</summary>
    public string? Changes { get; init; }
    public required string PreviousHash { get; init; }
    public string Hash { get; set; } = "";
}

/// <summary>The head of one account's chain: the last sequence handed out and the hash of that entry.</summary>
internal sealed class AuditChain
{
    /// <summary>
    /// The chain for what belongs to no account: failed logins for an e-mail that matches no user. No account's
    /// API reads it; it exists so that such a failure costs the same write as one for a real user (see AuthEndpoints).
    /// </summary>
    public const string SystemAccountId = "system";

    public required string AccountId { get; init; }
    public long LastSequence { get; set; }
    public required string LastHash { get; set; }

    public static AuditChain Start(string accountId) => new() { AccountId = accountId, LastSequence = 0, LastHash = AuditHash.Genesis };
}
