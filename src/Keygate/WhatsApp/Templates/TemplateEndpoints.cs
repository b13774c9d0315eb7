using System.Text.Json;
using System.Text.Json.Serialization;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PassThrough;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Templates;

public sealed record TemplateResponse(string Id, string Name, string Language, string Status, string Category, JsonElement Components);

public sealed record TemplatePage(IReadOnlyList<TemplateResponse> Data, TemplatePaging Paging);

public sealed record TemplatePaging(TemplateCursors Cursors, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next);

public sealed record TemplateCursors(string? Before, string? After);

/// <summary><c>GET /{version}/{waba-id}/message_templates</c>, in Meta's shape: <c>name</c> and <c>status</c> filters, cursor paging.</summary>
internal static class TemplateEndpoints
{
    public static RouteHandlerBuilder MapTemplateEndpoints(this RouteGroupBuilder cloudApi) =>
        cloudApi.MapGet("/{wabaId}/message_templates", ListAsync).WithTags("Templates").WithName("ListMessageTemplates")
            .RequirePermission(Permission.TemplatesRead);

    private static async Task<Results<Ok<TemplatePage>, JsonHttpResult<MetaErrorEnvelope>, GraphCall>> ListAsync(
        string wabaId, string? name, string? status, int? limit, string? after, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        if (!http.KeepsSandbox() && await http.MetaObjectAsync(wabaId) is { Kind: GraphObjectKind.Waba } meta)
        {
            return new GraphCall(meta, "message_templates"); // a real WABA's templates are Meta's list, query and paging included
        }
        var accountId = Caller.From(http.User).AccountId;
        if (!await db.PhoneNumbers.UsableBy(http).AnyAsync(p => p.WabaId == wabaId, cancellationToken))
        {
            return MetaErrors.NotFound(http, wabaId);
        }
        var take = limit ?? 25;
        if (take is < 1 or > 100)
        {
            return MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, "limit must be between 1 and 100.", ProblemCodes.InvalidRequest);
        }
        var query = db.MessageTemplates.AsNoTracking().Where(t => t.WabaId == wabaId && t.AccountId == accountId);
        query = name is null ? query : query.Where(t => t.Name.Contains(name));
        var wantedStatus = status?.ToUpperInvariant();
        query = wantedStatus is null ? query : query.Where(t => t.Status == wantedStatus);
        // The cursor is the last template id of the previous page: ids are fixed and unique, so paging is stable.
        query = after is null ? query : query.Where(t => string.Compare(t.Id, after) > 0);
        var rows = await query.OrderBy(t => t.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).Select(t => new TemplateResponse(t.Id, t.Name, t.Language, t.Status, t.Category,
            JsonDocument.Parse(t.Components).RootElement.Clone())).ToList();
        var nextCursor = rows.Count > take ? page[^1].Id : null;
        var next = nextCursor is null ? null : $"{http.Request.PathBase}{http.Request.Path}?limit={take}&after={nextCursor}";
        return TypedResults.Ok(new TemplatePage(page, new TemplatePaging(new TemplateCursors(page.FirstOrDefault()?.Id, nextCursor), next)));
    }
}
