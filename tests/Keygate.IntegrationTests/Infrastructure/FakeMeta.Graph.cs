using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Meta's Graph objects beyond messages, as Meta's reference answers them: a number's business profile, media (upload,
/// record with a CDN url that wants the token, download, delete) and a WABA's flows (its templates are FakeMeta.Templates'). Each answers only a
/// token that owns the number or WABA (<see cref="Owns"/>); tests read <see cref="GraphCalls"/> to see what reached Meta.
/// </summary>
public sealed partial class FakeMeta
{
    private readonly ConcurrentDictionary<string, StoredMedia> _media = new();
    private readonly ConcurrentDictionary<string, JsonObject> _profiles = new();
    private readonly ConcurrentDictionary<string, (string WabaId, string Name)> _flows = new();

    /// <summary>Every Graph call the fake received: method, path with query, Authorization header, and the request's Content-Type.</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization, string? ContentType)> GraphCalls { get; } = new();

    public sealed record StoredMedia(string Token, string MimeType, byte[] Bytes)
    {
        public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));
    }

    public IReadOnlyDictionary<string, StoredMedia> Media => _media;

    /// <summary>What a customer sent to a number: media that Meta holds, and names in the webhook it signs.</summary>
    public string AddInboundMedia(string token, string mimeType, byte[] bytes)
    {
        var id = NewGraphId();
        _media[id] = new StoredMedia(token, mimeType, bytes);
        return id;
    }

    public string AddFlow(string wabaId, string name)
    {
        var id = NewGraphId();
        _flows[id] = (wabaId, name);
        return id;
    }

    private void MapGraph(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            GraphCalls.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(),
                context.Request.ContentType));
            await next(context);
        });
        app.MapGet("/{version}/{phoneNumberId}/whatsapp_business_profile", ProfileAsync);
        app.MapPost("/{version}/{phoneNumberId}/whatsapp_business_profile", UpdateProfileAsync);
        app.MapPost("/{version}/{phoneNumberId}/media", UploadAsync);
        app.MapGet("/cdn/{mediaId}", DownloadAsync);
        app.MapDelete("/{version}/{objectId}", DeleteObjectAsync);
        app.MapGet("/{version}/{wabaId}/flows", FlowsAsync);
    }

    /// <summary><c>GET /{id}</c> of a media object, template or flow (a number's own record is <see cref="PhoneNumberAsync"/>'s).</summary>
    private async Task<bool> GraphObjectAsync(HttpContext context, string id, string? token)
    {
        if (_media.TryGetValue(id, out var media))
        {
            if (media.Token != token)
            {
                await UnknownObject(context, id);
                return true;
            }
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["messaging_product"] = "whatsapp",
                ["url"] = $"{Address.GetLeftPart(UriPartial.Authority)}/cdn/{id}?ext=1&hash=ATuFake",
                ["mime_type"] = media.MimeType,
                ["sha256"] = media.Sha256,
                ["file_size"] = media.Bytes.Length,
                ["id"] = id,
            });
            return true;
        }
        if (_templates.TryGetValue(id, out var template) && OwnsWaba(token, template.WabaId))
        {
            await context.Response.WriteAsJsonAsync(TemplateJson(id, template));
            return true;
        }
        if (_flows.TryGetValue(id, out var flow) && OwnsWaba(token, flow.WabaId))
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = id, ["name"] = flow.Name, ["status"] = "DRAFT", ["categories"] = new JsonArray("OTHER") });
            return true;
        }
        return false;
    }

    private async Task ProfileAsync(HttpContext context, string phoneNumberId)
    {
        if (!OwnsNumber(TokenOf(context), phoneNumberId))
        {
            await UnknownObject(context, phoneNumberId);
            return;
        }
        var profile = _profiles.GetOrAdd(phoneNumberId, _ => new JsonObject { ["about"] = "Hello", ["vertical"] = "RETAIL" });
        var data = (JsonObject)profile.DeepClone();
        data["messaging_product"] = "whatsapp";
        await context.Response.WriteAsJsonAsync(new JsonObject { ["data"] = new JsonArray(data) });
    }

    private async Task UpdateProfileAsync(HttpContext context, string phoneNumberId)
    {
        if (!OwnsNumber(TokenOf(context), phoneNumberId))
        {
            await UnknownObject(context, phoneNumberId);
            return;
        }
        var changes = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var profile = _profiles.GetOrAdd(phoneNumberId, _ => []);
        foreach (var (name, value) in changes.Where(p => p.Key != "messaging_product"))
        {
            profile[name] = value?.DeepClone();
        }
        await context.Response.WriteAsJsonAsync(new { success = true });
    }

    /// <summary>Multipart as Meta takes it: <c>file</c>, <c>type</c> and <c>messaging_product=whatsapp</c>.</summary>
    private async Task UploadAsync(HttpContext context, string phoneNumberId)
    {
        var token = TokenOf(context);
        if (!OwnsNumber(token, phoneNumberId))
        {
            await UnknownObject(context, phoneNumberId);
            return;
        }
        if (!context.Request.HasFormContentType)
        {
            await Error(context, 400, 100, "The parameter file is required.");
            return;
        }
        var form = await context.Request.ReadFormAsync();
        if (form.Files.GetFile("file") is not { } file || form["messaging_product"] != "whatsapp")
        {
            await Error(context, 400, 100, "The parameters file and messaging_product are required.");
            return;
        }
        using var bytes = new MemoryStream();
        await file.CopyToAsync(bytes);
        var id = NewGraphId();
        _media[id] = new StoredMedia(token!, form["type"].ToString(), bytes.ToArray());
        await context.Response.WriteAsJsonAsync(new { id });
    }

    /// <summary>Meta's CDN: the bytes, to the token that may read the media only.</summary>
    private async Task DownloadAsync(HttpContext context, string mediaId)
    {
        if (!_media.TryGetValue(mediaId, out var media) || TokenOf(context) != media.Token)
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = media.MimeType;
        context.Response.ContentLength = media.Bytes.Length;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{mediaId}\"";
        context.Response.Headers["Set-Cookie"] = "cdn=1; Path=/";
        await context.Response.Body.WriteAsync(media.Bytes);
    }

    private async Task DeleteObjectAsync(HttpContext context, string objectId)
    {
        var token = TokenOf(context);
        var removed = (_media.TryGetValue(objectId, out var media) && media.Token == token && _media.TryRemove(objectId, out _))
            || (_templates.TryGetValue(objectId, out var template) && OwnsWaba(token, template.WabaId) && _templates.TryRemove(objectId, out _));
        if (!removed)
        {
            await UnknownObject(context, objectId);
            return;
        }
        await context.Response.WriteAsJsonAsync(new { success = true });
    }

    private async Task FlowsAsync(HttpContext context, string wabaId)
    {
        if (!OwnsWaba(TokenOf(context), wabaId))
        {
            await UnknownObject(context, wabaId);
            return;
        }
        var data = new JsonArray([.. _flows.Where(f => f.Value.WabaId == wabaId)
            .Select(f => (JsonNode)new JsonObject { ["id"] = f.Key, ["name"] = f.Value.Name, ["status"] = "DRAFT", ["categories"] = new JsonArray("OTHER"), ["validation_errors"] = new JsonArray() })]);
        await context.Response.WriteAsJsonAsync(new JsonObject { ["data"] = data, ["paging"] = new JsonObject { ["cursors"] = new JsonObject { ["before"] = "QVFI", ["after"] = "QVFI" } } });
    }

    private bool OwnsNumber(string? token, string phoneNumberId) => token is not null && _owned.ContainsKey((token, phoneNumberId));

    private bool OwnsWaba(string? token, string wabaId) => token is not null && _owned.Any(o => o.Key.Token == token && o.Value == wabaId);

    private static Task UnknownObject(HttpContext context, string id) =>
        Error(context, 400, 100, $"Unsupported request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
            subcode: 33, type: "GraphMethodException");

    private static string NewGraphId() => "1" + Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
