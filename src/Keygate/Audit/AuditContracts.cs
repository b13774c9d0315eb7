using System.Text.Json;

namespace Keygate.Audit;

/// <summary>
/// One audit entry as the API shows it. <c>type</c> is the stable name and <c>eventNumber</c> the stable number;
/// <c>changes</c> holds <c>{"field": {"before", "after"}}</c>; the hashes let a reader check the chain.
/// </summary>
public sealed record AuditEventResponse(
    long Sequence,
    string Type,
    int EventNumber,
    DateTime OccurredAt,
    string ActorType,
    string? ActorId,
    string? SourceAddress,
    string? TargetType,
    string? TargetId,
    JsonElement? Changes,
    string PreviousHash,
    string Hash);

/// <summary>The answer of <c>GET /v1/audit/verify</c>: whether the whole chain holds, and where it first breaks if not.</summary>
public sealed record AuditVerification(bool Valid, long Entries, long? FirstBrokenSequence);

internal static class AuditMapping
{
    public static AuditEventResponse ToResponse(this AuditEvent entry) => new(
        entry.Sequence,
        AuditNames.Of(entry.Type),
        (int)entry.Type,
        entry.OccurredAt,
        AuditNames.Of(entry.ActorType),
        entry.ActorId,
        entry.SourceAddress,
        AuditNames.Of(entry.TargetType),
        entry.TargetId,
        entry.Changes is null ? null : JsonDocument.Parse(entry.Changes).RootElement.Clone(),
        entry.PreviousHash,
        entry.Hash);
}
