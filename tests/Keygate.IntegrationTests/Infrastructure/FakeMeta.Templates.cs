using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A WABA's message templates at the fake Meta: <c>GET /{version}/{waba-id}/message_templates</c> answers a token that
/// reads a number of the WABA, in Meta's shape (<c>data</c>, <c>paging.cursors</c>, <c>next</c> while more remain), two
/// templates a page (Meta may give fewer than <c>limit</c>), so any listing of three or more is paged.
/// </summary>
public sealed partial class FakeMeta
{
    private const int TemplatePageSize = 2;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonObject>> _templates = new();
    private readonly ConcurrentDictionary<string, int> _templateReadings = new();

    /// <summary>Adds an approved template to the WABA at Meta; returns Meta's id for it.</summary>
    public string AddTemplate(string wabaId, string name, string category, string language = "en_US")
    {
        var id = Random.Shared.NextInt64(100_000_000_000_000, 999_999_999_999_999).ToString(CultureInfo.InvariantCulture);
        _templates.GetOrAdd(wabaId, _ => new()).Enqueue(new JsonObject
        {
            ["name"] = name,
            ["components"] = new JsonArray(new JsonObject { ["type"] = "BODY", ["text"] = "Hello {{1}}" }),
            ["language"] = language,
            ["status"] = "APPROVED",
            ["category"] = category,
            ["quality_score"] = new JsonObject { ["score"] = "GREEN", ["date"] = 1_700_000_000 },
            ["id"] = id,
        });
        return id;
    }

    private readonly ConcurrentDictionary<string, bool> _templatesWithheld = new();

    /// <summary>From now on Meta refuses to list the WABA's templates (the token lost its template permission).</summary>
    public void WithholdTemplates(string wabaId) => _templatesWithheld[wabaId] = true;

    /// <summary>How many pages of this WABA's templates Keygate asked for.</summary>
    public int TemplatePagesRead(string wabaId) => _templateReadings.GetValueOrDefault(wabaId);

    private void MapTemplates(WebApplication app) => app.MapGet("/{version}/{wabaId}/message_templates", TemplatesAsync);

    private async Task TemplatesAsync(HttpContext context, string wabaId)
    {
        if (TokenOf(context) is not { } token)
        {
            await Error(context, 401, 190, "Invalid OAuth access token");
            return;
        }
        if (!_owned.Any(o => o.Key.Token == token && o.Value == wabaId) || _templatesWithheld.ContainsKey(wabaId))
        {
            await Error(context, 403, 200, "Your app doesn't have permission to access this WhatsApp Business Account");
            return;
        }
        _templateReadings.AddOrUpdate(wabaId, 1, (_, n) => n + 1);
        var all = _templates.GetValueOrDefault(wabaId)?.ToArray() ?? [];
        var start = int.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after : 0;
        var page = all.Skip(start).Take(TemplatePageSize).Select(t => t.DeepClone()).ToArray();
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
}
