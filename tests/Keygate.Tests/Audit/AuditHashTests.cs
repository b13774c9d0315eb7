using Keygate.Audit;

namespace Keygate.Tests.Audit;

public sealed class AuditHashTests
{
    [Fact]
    public void Of_AFixedEntry_IsThePinnedValue_SoTheCanonicalFormCannotDriftUnnoticed()
    {
        // Computed by an independent implementation of the documented form (length-prefixed UTF-8 fields under
        // "keygate-audit-v1"). If this fails, trails already written would stop verifying: add a version, do not edit.
        Assert.Equal("0bae04b2b2cd2421c87cb32148873ac5f3c94c37a89944034cc3152214d87264", AuditHash.Of(Sample()));
    }

    [Fact]
    public void Of_ChangesWhenAnyRecordedFieldChanges()
    {
        var original = AuditHash.Of(Sample());
        var variants = new[]
        {
            Sample(accountId: "acc_other"),
            Sample(sequence: 2),
            Sample(type: AuditEventType.KeyRevoked),
            Sample(actorType: AuditActorType.Key),
            Sample(actorId: "usr_2"),
            Sample(occurredAt: Sample().OccurredAt.AddTicks(10)),
            Sample(sourceAddress: "127.0.0.2"),
            Sample(targetType: AuditTargetType.User),
            Sample(targetId: "kg_live_y"),
            Sample(changes: """{"name":{"before":null,"after":"crn"}}"""),
            Sample(previousHash: new string('1', 64)),
        };
        foreach (var variant in variants)
        {
            Assert.NotEqual(original, AuditHash.Of(variant));
        }
    }

    [Fact]
    public void Of_TellsAMissingValueFromAnEmptyOne_AndFieldsCannotBleedIntoEachOther()
    {
        Assert.NotEqual(AuditHash.Of(Sample(actorId: null)), AuditHash.Of(Sample(actorId: "")));
        Assert.NotEqual(AuditHash.Of(Sample(actorId: "ab", sourceAddress: "c")), AuditHash.Of(Sample(actorId: "a", sourceAddress: "bc")));
    }

    [Fact]
    public void Of_IgnoresTheStorageId_WhichAStoreMigrationMayRenumber()
    {
        Assert.Equal(AuditHash.Of(Sample(id: 1)), AuditHash.Of(Sample(id: 99)));
    }

    [Fact]
    public void Truncate_KeepsWholeMicrosecondsInUtc()
    {
        var time = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_567);
        var truncated = AuditHash.Truncate(time);
        Assert.Equal(time.AddTicks(-7), truncated);
        Assert.Equal(DateTimeKind.Utc, truncated.Kind);
    }

    internal static AuditEvent Sample(
        long id = 1,
        string accountId = "acc_test",
        long sequence = 1,
        AuditEventType type = AuditEventType.KeyCreated,
        AuditActorType actorType = AuditActorType.User,
        string? actorId = "usr_1",
        DateTime? occurredAt = null,
        string? sourceAddress = "127.0.0.1",
        AuditTargetType? targetType = AuditTargetType.Key,
        string? targetId = "kg_live_x",
        string? changes = """{"name":{"before":null,"after":"crm"}}""",
        string? previousHash = null) => new()
        {
            Id = id,
            AccountId = accountId,
            Sequence = sequence,
            Type = type,
            ActorType = actorType,
            ActorId = actorId,
            OccurredAt = occurredAt ?? new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560),
            SourceAddress = sourceAddress,
            TargetType = targetType,
            TargetId = targetId,
            Changes = changes,
            PreviousHash = previousHash ?? AuditHash.Genesis,
        };
}
