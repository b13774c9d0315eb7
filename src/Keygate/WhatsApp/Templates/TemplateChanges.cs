using System.Text.Json.Nodes;
using Keygate.Audit;

namespace Keygate.WhatsApp.Templates;

/// <summary>What the trail records of a template: where it lives and what it says, so a deleted one can still be read there.</summary>
internal static class TemplateChanges
{
    private static JsonObject Snapshot(MessageTemplate template) => new()
    {
        ["wabaId"] = template.WabaId,
        ["name"] = template.Name,
        ["language"] = template.Language,
        ["category"] = template.Category,
        ["status"] = template.Status,
        ["components"] = JsonNode.Parse(template.Components),
    };

    public static AuditEntry Created(HttpContext http, MessageTemplate template) =>
        AuditEntry.ByCaller(http, AuditEventType.TemplateCreated, AuditTargetType.Template, template.Id, AuditChanges.Between(null, Snapshot(template)));

    public static AuditEntry Deleted(HttpContext http, MessageTemplate template) =>
        AuditEntry.ByCaller(http, AuditEventType.TemplateDeleted, AuditTargetType.Template, template.Id, AuditChanges.Between(Snapshot(template), []));
}
