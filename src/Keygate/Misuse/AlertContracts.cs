using System.Text.Json;

namespace Keygate.Misuse;

public sealed record AlertResponse(
    string Id,
    string KeyId,
    string Kind,
    string Severity,
    JsonElement Evidence,
    string Action,
    int Occurrences,
    DateTime CreatedAt,
    DateTime LastSeenAt,
    DateTime? ResolvedAt,
    string? ResolvedBy);

internal static class AlertMapping
{
    public static AlertResponse ToResponse(this Alert alert) => new(
        alert.Id,
        alert.KeyId,
        AlertNames.Of(alert.Kind),
        AlertNames.Of(alert.Severity),
        JsonDocument.Parse(alert.Evidence).RootElement.Clone(),
        AlertNames.Of(alert.Action),
        alert.Occurrences,
        alert.CreatedAt,
        alert.LastSeenAt,
        alert.ResolvedAt,
        alert.ResolvedBy);
}
