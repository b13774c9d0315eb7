namespace Keygate.Audit;

/// <summary>
/// Walks one account's chain from its first entry. An edited entry fails its own hash; a removed or reordered
/// one breaks the sequence or the next entry's previous hash; a removed tail no longer ends at the head.
/// </summary>
internal static class AuditChainCheck
{
    /// <summary>Checks <paramref name="entries"/> (in sequence order, up to the head's last sequence) against <paramref name="head"/> (null when missing).</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEvent> entries, AuditChain? head, CancellationToken cancellationToken)
    {
        long count = 0;
        long? broken = null;
        var previousHash = AuditHash.Genesis;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            count++;
            if (broken is null && (entry.Sequence != count || entry.PreviousHash != previousHash || AuditHash.Of(entry) != entry.Hash))
            {
                // At a gap the first missing sequence is the break; otherwise this entry is.
                broken = count;
            }
            previousHash = entry.Hash;
        }
        // The head vouches for the tail: without it, or away from it, the last entries may have been removed.
        if (broken is null && (head is null ? count > 0 : head.LastSequence != count || head.LastHash != previousHash))
        {
            broken = count + 1;
        }
        return new AuditVerification(broken is null, count, broken);
    }
}
