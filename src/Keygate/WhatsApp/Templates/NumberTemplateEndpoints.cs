using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Templates;

/// <summary>A template as Keygate knows it: for a real number, as Meta last told it (listing or webhook).</summary>
public sealed record NumberTemplateResponse(string Id, string Name, string Language, string Category, string Status, string? Quality, string? Reason,
    DateTime UpdatedAt);

/// <summary>
/// <c>GET /v1/phone-numbers/{id}/templates</c>: the templates Keygate judges the number's sends by (categories for
/// per-category permissions, marketing for opt-outs). A real number's are read from Meta when Keygate has no recent reading.
/// </summary>
internal static class NumberTemplateEndpoints
{
    public static RouteHandlerBuilder MapNumberTemplateEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/phone-numbers/{id}/templates", ListAsync).WithTags("Templates").WithName("ListNumberTemplates")
            .RequirePermission(Permission.TemplatesRead);

    private static async Task<Results<Ok<NumberTemplateResponse[]>, ProblemHttpResult>> ListAsync(string id, HttpContext http, KeygateDbContext db,
        MetaTemplateSync meta, CancellationToken cancellationToken)
    {
        var number = await db.PhoneNumbers.UsableBy(http).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (number is null)
        {
            return Problems.NotFound("phone number");
        }
        if (number.Provider == PhoneNumberProvider.Sandbox)
        {
            var own = await db.MessageTemplates.AsNoTracking().Where(t => t.AccountId == number.AccountId && t.WabaId == number.WabaId)
                .OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(cancellationToken);
            return TypedResults.Ok(own.Select(t => new NumberTemplateResponse(t.Id, t.Name, t.Language, t.Category, t.Status, null, null, t.CreatedAt)).ToArray());
        }
        await meta.EnsureReadAsync(number, cancellationToken);
        var synced = await db.MetaTemplates.AsNoTracking().Where(t => t.AccountId == number.AccountId && t.WabaId == number.WabaId)
            .OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(cancellationToken);
        return TypedResults.Ok(synced.Select(t => new NumberTemplateResponse(t.Id, t.Name, t.Language, t.Category, t.Status, t.Quality, t.Reason, t.UpdatedAt))
            .ToArray());
    }
}
