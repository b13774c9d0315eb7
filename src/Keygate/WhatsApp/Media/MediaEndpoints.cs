using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Media;

public sealed record MediaUploaded(string Id);

public sealed record MediaDeleted(bool Success);

public sealed record MediaResponse(
    [property: JsonPropertyName("messaging_product")] string MessagingProduct,
    string Url,
    [property: JsonPropertyName("mime_type")] string MimeType,
    string Sha256,
    [property: JsonPropertyName("file_size")] long FileSize,
    string Id);

/// <summary>
/// Media in Meta's shapes: upload (<c>POST /{version}/{phone-number-id}/media</c>, multipart), metadata
/// (<c>GET /{version}/{media-id}</c>, whose <c>url</c> downloads through Keygate with the same credentials),
/// delete; and <c>GET /v1/media/{id}/download</c>.
/// </summary>
internal static class MediaEndpoints
{
    public static void MapMediaEndpoints(this RouteGroupBuilder cloudApi, IEndpointRouteBuilder routes)
    {
        cloudApi.MapPost("/{phoneNumberId}/media", UploadAsync).WithTags("Media").WithName("UploadMedia")
            .RequirePermission(Permission.MediaWrite).DisableAntiforgery();
        cloudApi.MapGet("/{mediaId:regex(^[0-9]+$)}", GetAsync).WithTags("Media").WithName("GetMedia").RequirePermission(Permission.MediaRead);
        cloudApi.MapDelete("/{mediaId:regex(^[0-9]+$)}", DeleteAsync).WithTags("Media").WithName("DeleteMedia").RequirePermission(Permission.MediaWrite);
        routes.MapGet("/v1/media/{mediaId}/download", DownloadAsync).WithTags("Media").WithName("DownloadMedia").RequirePermission(Permission.MediaRead)
            .ServesUploadedContent();
    }

    private static async Task<Results<Ok<MediaUploaded>, JsonHttpResult<MetaErrorEnvelope>>> UploadAsync(
        string phoneNumberId, HttpContext http, PhoneNumberDirectory numbers, KeygateDbContext db, MediaStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var (number, refused) = await numbers.ForCallerAsync(http, caller.AccountId, phoneNumberId, cancellationToken);
        if (number is null)
        {
            return refused!;
        }
        if (!http.Request.HasFormContentType)
        {
            return Invalid(http, "Upload media as multipart/form-data with file, type and messaging_product.");
        }
        // Documents may be up to 100 MB: this call alone lifts the server's default body limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MediaTypes.LargestUpload + (64 * 1024);
        }
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        var type = form["type"].ToString();
        if (form["messaging_product"] != "whatsapp" || file is null)
        {
            return Invalid(http, "The parameters file and messaging_product=whatsapp are required.");
        }
        type = string.IsNullOrEmpty(type) ? file.ContentType : type;
        if (MediaTypes.LimitOf(type) is not { } max)
        {
            return MetaErrors.Result(http, 400, MetaErrors.ParameterValueInvalid, $"Unsupported media type: {type}.", ProblemCodes.InvalidRequest);
        }
        if (file.Length is 0 || file.Length > max)
        {
            return MetaErrors.Result(http, 400, MetaErrors.ParameterValueInvalid, $"A {type} file must be 1 byte to {max} bytes.", ProblemCodes.InvalidRequest);
        }

        var id = MetaIds.New();
        string sha256;
        await using (var content = file.OpenReadStream())
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
            content.Position = 0;
            await store.SaveAsync(id, content, cancellationToken);
        }
        db.MediaObjects.Add(new MediaObject
        {
            Id = id,
            AccountId = caller.AccountId,
            PhoneNumberId = number.Id,
            MimeType = type,
            Sha256 = sha256,
            FileSize = file.Length,
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 240 } name ? name : null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new MediaUploaded(id));
    }

    private static async Task<Results<Ok<MediaResponse>, JsonHttpResult<MetaErrorEnvelope>>> GetAsync(
        string mediaId, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        if (media is null)
        {
            return MetaErrors.NotFound(http, mediaId);
        }
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/v1/media/{media.Id}/download";
        return TypedResults.Ok(new MediaResponse("whatsapp", url, media.MimeType, media.Sha256, media.FileSize, media.Id));
    }

    private static async Task<Results<Ok<MediaDeleted>, JsonHttpResult<MetaErrorEnvelope>>> DeleteAsync(
        string mediaId, HttpContext http, KeygateDbContext db, MediaStore store, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        if (media is null)
        {
            return MetaErrors.NotFound(http, mediaId);
        }
        db.MediaObjects.Remove(media);
        await db.SaveChangesAsync(cancellationToken);
        store.Delete(media.Id);
        return TypedResults.Ok(new MediaDeleted(true));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(
        string mediaId, HttpContext http, KeygateDbContext db, MediaStore store, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        return media is null || !File.Exists(store.PathOf(media.Id))
            ? Problems.NotFound("media")
            : TypedResults.PhysicalFile(store.PathOf(media.Id), media.MimeType, media.FileName);
    }

    private static Task<MediaObject?> FindAsync(HttpContext http, KeygateDbContext db, string mediaId, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        return db.MediaObjects.FirstOrDefaultAsync(m => m.Id == mediaId && m.AccountId == accountId, cancellationToken);
    }

    private static JsonHttpResult<MetaErrorEnvelope> Invalid(HttpContext http, string message) =>
        MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, message, ProblemCodes.InvalidRequest);
}
