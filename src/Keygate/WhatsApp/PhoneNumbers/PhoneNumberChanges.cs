using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>What the trail records of a number: the API's view of it, which never carries its access token, app secret or verify token.</summary>
internal static class PhoneNumberChanges
{
    public static JsonObject Snapshot(PhoneNumber number) => AuditChanges.Snapshot(PhoneNumberEndpoints.ToResponse(number), "id", "createdAt");

    /// <summary>The actor's action on a number; <paramref name="before"/> is null for a registration.</summary>
    public static AuditEntry Entry(Actor actor, AuditEventType type, JsonObject? before, PhoneNumber number) =>
        AuditEntry.By(actor, type, AuditTargetType.PhoneNumber, number.Id, AuditChanges.Between(before, Snapshot(number)));
}
