using System.Text.Json;
using System.Text.RegularExpressions;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PassThrough;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Templates;

public sealed record CreatedTemplate(string Id, string Status, string Category);

public sealed record DeletedTemplate(bool Success);

/// <summary>
/// Creating and deleting templates on a sandbox WABA, in Meta's shapes. The sandbox approves at once; on a real
/// number's WABA both calls pass through to Meta.
/// </summary>
internal static partial class TemplateEditing
{
    private static readonly string[] Categories = ["MARKETING", "UTILITY", "AUTHENTICATION"];

    public static void MapTemplateEditing(this RouteGroupBuilder cloudApi)
    {
        cloudApi.MapPost("/{wabaId}/message_templates", CreateAsync).WithTags("Templates").WithName("CreateMessageTemplate")
            .RequirePermission(Permission.TemplatesWrite);
        cloudApi.MapDelete("/{wabaId}/message_templates", DeleteAsync).WithTags("Templates").WithName("DeleteMessageTemplate")
            .RequirePermission(Permission.TemplatesWrite);
    }

    private static async Task<Results<Ok<CreatedTemplate>, JsonHttpResult<MetaErrorEnvelope>, GraphCall>> CreateAsync(
        string wabaId, JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, TemplateCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await http.MetaObjectAsync(wabaId) is { Kind: GraphObjectKind.Waba } meta)
        {
            return new GraphCall(meta, "message_templates", body.GetRawText()); // Meta reviews and approves a real WABA's templates
        }
        if (await SandboxWabaAsync(http, db, wabaId, cancellationToken) is { } refused)
        {
            return refused;
        }
        var name = Messages.MessageContentRules.String(body, "name");
        var language = Messages.MessageContentRules.String(body, "language");
        var category = Messages.MessageContentRules.String(body, "category")?.ToUpperInvariant();
        if (name is null || !NamePattern().IsMatch(name) || language is not { Length: > 1 and <= 15 } || !Categories.Contains(category))
        {
            return Invalid(http, "name (lower-case letters, digits and _), language (such as en_US) and category (MARKETING, UTILITY or AUTHENTICATION) are required.");
        }
        if (!body.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array
            || !components.EnumerateArray().Any(c => Messages.MessageContentRules.String(c, "type")?.ToUpperInvariant() == "BODY"
                && Messages.MessageContentRules.String(c, "text") is { Length: > 0 and <= 1024 }))
        {
            return Invalid(http, "components must include a BODY with text of 1 to 1024 characters.");
        }
        if (await AccountCaps.ReachedAsync(http, db, AccountCap.Templates, cancellationToken) is { } full)
        {
            return full.MetaError(http);
        }
        if (await db.MessageTemplates.AnyAsync(t => t.WabaId == wabaId && t.Name == name && t.Language == language, cancellationToken))
        {
            return Invalid(http, $"A template named {name} already exists in {language}.");
        }
        var template = new MessageTemplate
        {
            Id = MetaIds.New(),
            AccountId = Caller.From(http.User).AccountId,
            WabaId = wabaId,
            Name = name,
            Language = language,
            Category = category!,
            Status = "APPROVED",
            Components = components.GetRawText(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.MessageTemplates.Add(template);
        await audit.SaveWithAuditAsync(db, TemplateChanges.Created(http, template), cancellationToken);
        cache.Forget(wabaId, name);
        return TypedResults.Ok(new CreatedTemplate(template.Id, template.Status, template.Category));
    }

    /// <summary>Deletes the template by <c>name</c>, in every language, as Meta does.</summary>
    private static async Task<Results<Ok<DeletedTemplate>, JsonHttpResult<MetaErrorEnvelope>, GraphCall>> DeleteAsync(
        string wabaId, string? name, HttpContext http, KeygateDbContext db, AuditLog audit, TemplateCache cache, CancellationToken cancellationToken)
    {
        if (await http.MetaObjectAsync(wabaId) is { Kind: GraphObjectKind.Waba } meta)
        {
            return new GraphCall(meta, "message_templates");
        }
        if (await SandboxWabaAsync(http, db, wabaId, cancellationToken) is { } refused)
        {
            return refused;
        }
        if (string.IsNullOrEmpty(name))
        {
            return Invalid(http, "The parameter name is required.");
        }
        var templates = await db.MessageTemplates.Where(t => t.WabaId == wabaId && t.Name == name).ToListAsync(cancellationToken);
        if (templates.Count == 0)
        {
            return MetaErrors.Result(http, 404, MetaErrors.InvalidParameter, $"No template named {name}.", ProblemCodes.NotFound, 33);
        }
        // One entry per language deleted, all in one transaction with the delete.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var template in templates)
            {
                db.MessageTemplates.Remove(template);
                await audit.SaveWithAuditAsync(db, TemplateChanges.Deleted(http, template), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        cache.Forget(wabaId, name);
        return TypedResults.Ok(new DeletedTemplate(true));
    }

    private static async Task<JsonHttpResult<MetaErrorEnvelope>?> SandboxWabaAsync(HttpContext http, KeygateDbContext db, string wabaId, CancellationToken cancellationToken)
    {
        var provider = await db.PhoneNumbers.UsableBy(http).Where(p => p.WabaId == wabaId).Select(p => (PhoneNumberProvider?)p.Provider).FirstOrDefaultAsync(cancellationToken);
        return provider switch
        {
            null => MetaErrors.NotFound(http, wabaId),
            _ => null,
        };
    }

    private static JsonHttpResult<MetaErrorEnvelope> Invalid(HttpContext http, string message) =>
        MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, message, ProblemCodes.InvalidRequest);

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex NamePattern();
}
