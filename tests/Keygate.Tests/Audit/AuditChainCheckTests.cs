using Keygate.Audit;

namespace Keygate.Tests.Audit;

public sealed class AuditChainCheckTests
{
    [Fact]
    public async Task IntactChain_IsValid()
    {
        var chain = Chain(5);
        Assert.Equal(new AuditVerification(true, 5, null), await VerifyAsync(chain, HeadOf(chain)));
    }

    [Fact]
    public async Task NoEntriesAndNoHead_IsAValidEmptyChain()
    {
        Assert.Equal(new AuditVerification(true, 0, null), await VerifyAsync([], null));
    }

    [Fact]
    public async Task EditedEntry_BreaksAtItsOwnSequence()
    {
        var chain = Chain(5);
        var head = HeadOf(chain);
        chain[2] = Copy(chain[2], changes: """{"n":99}""");
        Assert.Equal(new AuditVerification(false, 5, 3), await VerifyAsync(chain, head));
    }

    [Fact]
    public async Task EditedEntryWithItsHashRecomputed_BreaksAtTheNextEntry()
    {
        var chain = Chain(5);
        var head = HeadOf(chain);
        chain[2] = Copy(chain[2], changes: """{"n":99}""");
        chain[2].Hash = AuditHash.Of(chain[2]);
        Assert.Equal(new AuditVerification(false, 5, 4), await VerifyAsync(chain, head));
    }

    [Fact]
    public async Task RemovedEntry_BreaksAtTheMissingSequence()
    {
        var chain = Chain(5);
        var head = HeadOf(chain);
        chain.RemoveAt(1);
        Assert.Equal(new AuditVerification(false, 4, 2), await VerifyAsync(chain, head));
    }

    [Fact]
    public async Task RemovedTail_BreaksAfterTheLastEntryLeft_BecauseTheHeadNoLongerMatches()
    {
        var chain = Chain(5);
        var head = HeadOf(chain);
        chain.RemoveAt(4);
        Assert.Equal(new AuditVerification(false, 4, 5), await VerifyAsync(chain, head));
    }

    [Fact]
    public async Task EntriesWithoutAHead_AreNotVouchedFor()
    {
        var chain = Chain(3);
        Assert.Equal(new AuditVerification(false, 3, 4), await VerifyAsync(chain, null));
    }

    private static Task<AuditVerification> VerifyAsync(List<AuditEvent> entries, AuditChain? head) =>
        AuditChainCheck.VerifyAsync(entries.ToAsyncEnumerable(), head, TestContext.Current.CancellationToken);

    private static List<AuditEvent> Chain(int count)
    {
        var entries = new List<AuditEvent>();
        var previous = AuditHash.Genesis;
        for (var sequence = 1; sequence <= count; sequence++)
        {
            var entry = AuditHashTests.Sample(sequence: sequence, previousHash: previous, changes: $$"""{"n":{{sequence}}}""");
            entry.Hash = AuditHash.Of(entry);
            previous = entry.Hash;
            entries.Add(entry);
        }
        return entries;
    }

    private static AuditChain HeadOf(List<AuditEvent> entries) =>
        new() { AccountId = entries[0].AccountId, LastSequence = entries.Count, LastHash = entries[^1].Hash };

    private static AuditEvent Copy(AuditEvent entry, string changes)
    {
        var copy = AuditHashTests.Sample(sequence: entry.Sequence, previousHash: entry.PreviousHash, changes: changes);
        copy.Hash = entry.Hash;
        return copy;
    }
}
