using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A WABA's message templates at the fake Meta, for a token that reads a number of the WABA: <c>GET
/// /{version}/{waba-id}/message_templates</c> in Meta's shape (<c>data</c>, <c>paging.cursors</c>, <c>next</c> while more
/// remain), two templates a page (Meta may give fewer than <c>limit</c>), so any listing of three or more is paged;
/// <c>POST</c> creates one (pending), <c>DELETE ?name=</c> removes every language of a name.
/// </summary>
public sealed partial class FakeMeta
{
    private const int TemplatePageSize = 2;

    private readonly ConcurrentDictionary<string, StoredTemplate> _templates = new();
    private readonly ConcurrentDictionary<string, int> _templateReadings = new();
    private readonly ConcurrentDictionary<string, bool> _templatesWithheld = new();

    private sealed record StoredTemplate(string WabaId, string Name, string Language, string Category, string Status, JsonNode? Components);

    /// <summary>Adds an approved template to the WABA at Meta; returns Meta's id for it.</summary>
    public string AddTemplate(string wabaId, string name, string category, string language = "en_US")
    {
        var id = NewGraphId();
        _templates[id] = new StoredTemplate(wabaId, name, language, category, "APPROVED",
            new JsonArray(new JsonObject { ["type"] = "BODY", ["text"] = "Hello {{1}}" }));
        return id;
    }

    /// <summary>From now on Meta refuses to list the WABA's templates (the token lost its template permission).</summary>
    public void WithholdTemplates(string wabaId) => _templatesWithheld[wabaId] = true;

    /// <summary>How many pages of this WABA's templates Keygate asked for.</summary>
    public int TemplatePagesRead(string wabaId) => _templateReadings.GetValueOrDefault(wabaId);

    private void MapTemplates(WebApplication app)
    {
        app.MapGet("/{version}/{wabaId}/message_templates", TemplatesAsync);
        app.MapPost("/{version}/{wabaId}/message_templates", CreateTemplateAsync);
        app.MapDelete("/{version}/{wabaId}/message_templates", DeleteTemplateAsync);
    }

    private async Task TemplatesAsync(HttpContext context, string wabaId)
    {
        if (TokenOf(context) is not { } token)
        {
            await Error(context, 401, 190, "Invalid OAuth access token");
            return;
        }
        if (!OwnsWaba(token, wabaId) || _templatesWithheld.ContainsKey(wabaId))
        {
            await Error(context, 403, 200, "Your app doesn't have permission to access this WhatsApp Business Account");
            return;
        }
        _templateReadings.AddOrUpdate(wabaId, 1, (_, n) => n + 1);
        var name = context.Request.Query["name"].ToString();
        var all = _templates.Where(t => t.Value.WabaId == wabaId && (name.Length == 0 || t.Value.Name.Contains(name, StringComparison.Ordinal)))
            .OrderBy(t => t.Key, StringComparer.Ordinal).ToArray();
        var start = int.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after : 0;
        var page = all.Skip(start).Take(TemplatePageSize).Select(t => (JsonNode)TemplateJson(t.Key, t.Value)).ToArray();
        var end = start + page.Length;
        var paging = new JsonObject
        {
            ["cursors"] = new JsonObject { ["before"] = start.ToString(CultureInfo.InvariantCulture), ["after"] = end.ToString(CultureInfo.InvariantCulture) },
        };
        if (end < all.Length)
        {
            paging["next"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?limit={TemplatePageSize}&after={end}";
        }
        await context.Response.WriteAsJsonAsync(new JsonObject { ["data"] = new JsonArray(page), ["paging"] = paging });
    }

    private async Task CreateTemplateAsync(HttpContext context, string wabaId)
    {
        if (!OwnsWaba(TokenOf(context), wabaId))
        {
            await UnknownObject(context, wabaId);
            return;
        }
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var id = NewGraphId();
        var category = body["category"]?.GetValue<string>() ?? "UTILITY";
        _templates[id] = new StoredTemplate(wabaId, body["name"]!.GetValue<string>(), body["language"]!.GetValue<string>(), category, "PENDING",
            body["components"]?.DeepClone());
        await context.Response.WriteAsJsonAsync(new { id, status = "PENDING", category });
    }

    private async Task DeleteTemplateAsync(HttpContext context, string wabaId)
    {
        var name = context.Request.Query["name"].ToString();
        var matching = _templates.Where(t => t.Value.WabaId == wabaId && t.Value.Name == name).Select(t => t.Key).ToList();
        if (!OwnsWaba(TokenOf(context), wabaId) || matching.Count == 0)
        {
            await UnknownObject(context, wabaId);
            return;
        }
        matching.ForEach(id => _templates.TryRemove(id, out _));
        await context.Response.WriteAsJsonAsync(new { success = true });
    }

    private static JsonObject TemplateJson(string id, StoredTemplate template) => new()
    {
        ["name"] = template.Name,
        ["components"] = template.Components?.DeepClone() ?? new JsonArray(),
        ["language"] = template.Language,
        ["status"] = template.Status,
        ["category"] = template.Category,
        ["quality_score"] = new JsonObject { ["score"] = "GREEN", ["date"] = 1_700_000_000 },
        ["id"] = id,
    };
}
