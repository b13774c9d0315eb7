using Keygate.Storage;
using Keygate.WhatsApp.Inbound;
using Keygate.WhatsApp.Providers;

namespace Keygate.WhatsApp.Templates;

/// <summary>
/// Meta's template webhooks applied to the account's stored templates of the WABA: <c>message_template_status_update</c>
/// (the status, and Meta's reason), <c>template_category_update</c> (the new category) and
/// <c>message_template_quality_update</c> (the new quality score).
/// </summary>
internal sealed class TemplateChangeHandler(IServiceScopeFactory scopes, MetaTemplateSync templates) : IMetaChangeHandler
{
    private static readonly string[] Categories = ["MARKETING", "UTILITY", "AUTHENTICATION"];

    public async Task HandleAsync(string accountId, MetaChange change, CancellationToken cancellationToken)
    {
        if (change.WabaId is null || GraphJson.Text(change.Value, "message_template_id", 32) is not { } templateId || Change(change) is not { } apply)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        await templates.ChangeAsync(scope.ServiceProvider.GetRequiredService<KeygateDbContext>(), accountId, change.WabaId, templateId, apply, cancellationToken);
    }

    private static Action<MetaTemplate>? Change(MetaChange change)
    {
        var value = change.Value;
        switch (change.Field)
        {
            case "message_template_status_update" when GraphJson.Text(value, "event", 32) is { } status:
                var reason = GraphJson.Text(value, "reason", 200);
                return template =>
                {
                    template.Status = status.ToUpperInvariant();
                    template.Reason = reason is null or "NONE" ? null : reason;
                };
            case "template_category_update" when GraphJson.Text(value, "new_category", 32)?.ToUpperInvariant() is { } category && Categories.Contains(category):
                return template => template.Category = category;
            case "message_template_quality_update" when GraphJson.Text(value, "new_quality_score", 32) is { } quality:
                return template => template.Quality = quality.ToUpperInvariant();
            default:
                return null;
        }
    }
}
