using System.Text.Json;

namespace Keygate.WhatsApp.Contacts;

/// <summary>The contact object of <c>/v1/contacts</c>.</summary>
public sealed record ContactResponse(
    string Id,
    string WaId,
    string? Name,
    IReadOnlyList<string> Tags,
    JsonElement CustomFields,
    string OptIn,
    DateTime? OptInChangedAt,
    string? OptInSource,
    DateTime CreatedAt,
    DateTime UpdatedAt);

/// <summary>
/// The body of <c>POST /v1/contacts</c> and of its merge patch, for the API description; the endpoints read
/// it field by field to report every error at once.
/// </summary>
public sealed record ContactRequest(
    string WaId,
    string? Name,
    IReadOnlyList<string>? Tags,
    IReadOnlyDictionary<string, JsonElement>? CustomFields,
    string? OptIn,
    string? OptInSource);

internal static class ContactMapping
{
    public static ContactResponse ToResponse(this Contact contact) => new(
        contact.Id,
        contact.WaId,
        contact.Name,
        [.. contact.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)],
        JsonDocument.Parse(contact.CustomFields).RootElement.Clone(),
        OptInNames.Of(contact.OptIn),
        contact.OptInChangedAt,
        contact.OptInSource,
        contact.CreatedAt,
        contact.UpdatedAt);
}
