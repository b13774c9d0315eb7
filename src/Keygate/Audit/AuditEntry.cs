using System.Text.Json.Nodes;
using Keygate.Authorization;

namespace Keygate.Audit;

/// <summary>What happened, by whom, from where, to what: an entry before <see cref="AuditLog"/> gives it its place in the chain.</summary>
internal sealed record AuditEntry(
    string AccountId,
    AuditEventType Type,
    AuditActorType ActorType,
    string? ActorId,
    string? SourceAddress,
    AuditTargetType? TargetType = null,
    string? TargetId = null,
    JsonObject? Changes = null)
{
    /// <summary>An action of this request's authenticated caller (a key, or a user's session), in the caller's account.</summary>
    public static AuditEntry ByCaller(HttpContext http, AuditEventType type, AuditTargetType targetType, string targetId, JsonObject? changes = null) =>
        By(Actor.From(http), type, targetType, targetId, changes);

    /// <summary>An action a lifecycle service carries out for <paramref name="actor"/>, in the actor's account.</summary>
    public static AuditEntry By(Actor actor, AuditEventType type, AuditTargetType targetType, string targetId, JsonObject? changes = null)
    {
        var caller = actor.Caller;
        var (actorType, actorId) = caller.KeyId is { } keyId ? (AuditActorType.Key, keyId) : (AuditActorType.User, caller.UserId);
        return new AuditEntry(caller.AccountId, type, actorType, actorId, actor.Address, targetType, targetId, changes);
    }

    public static string? AddressOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();
}
