using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Keygate.Audit;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Limits;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;
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
    /// <summary>Room for the form's other fields and its part headers around the largest file.</summary>
    private const long MultipartOverhead = 64 * 1024;

    public static void MapMediaEndpoints(this RouteGroupBuilder cloudApi, IEndpointRouteBuilder routes)
    {
        cloudApi.MapPost("/{phoneNumberId}/media", UploadAsync).WithTags("Media").WithName("UploadMedia")
            .RequirePermission(Permission.MediaWrite).DisableAntiforgery()
            .WithMetadata(new RequestBodyCap(MediaTypes.LargestUpload + MultipartOverhead)); // documents may be 100 MB; each type's own limit is checked below
        cloudApi.MapGet("/{mediaId:regex(^[0-9]+$)}", GetAsync).WithTags("Media").WithName("GetMedia").RequirePermission(Permission.MediaRead);
        cloudApi.MapDelete("/{mediaId:regex(^[0-9]+$)}", DeleteAsync).WithTags("Media").WithName("DeleteMedia").RequirePermission(Permission.MediaWrite);
        routes.MapGet("/v1/media/{mediaId}/download", DownloadAsync).WithTags("Media").WithName("DownloadMedia").RequirePermission(Permission.MediaRead)
            .ServesUploadedContent();
    }

    private static async Task<Results<Ok<MediaUploaded>, JsonHttpResult<MetaErrorEnvelope>>> UploadAsync(
        string phoneNumberId, HttpContext http, PhoneNumberDirectory numbers, KeygateDbContext db, AuditLog audit, MediaStore store, TimeProvider time,
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
        if (file.Length is 0)
        {
            return MetaErrors.Result(http, 400, MetaErrors.ParameterValueInvalid, $"A {type} file must not be empty.", ProblemCodes.InvalidRequest);
        }
        if (file.Length > max || (type.Equals(MediaTypes.Sticker, StringComparison.OrdinalIgnoreCase) && file.Length > MediaTypes.StaticStickerLimit && !MediaTypes.IsAnimatedWebp(file)))
        {
            return MetaErrors.Result(http, 413, MetaErrors.ParameterValueInvalid,
                $"The {type} file is larger than Meta accepts ({(file.Length > max ? max : MediaTypes.StaticStickerLimit)} bytes).", ProblemCodes.InvalidRequest);
        }
        if (await AccountCaps.ReachedAsync(http, db, AccountCap.MediaBytes, cancellationToken, adding: file.Length) is { } full)
        {
            return full.MetaError(http);
        }

        var id = MetaIds.New();
        string sha256;
        await using (var content = file.OpenReadStream())
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
            content.Position = 0;
            await store.SaveAsync(id, content, cancellationToken);
        }
        var media = new MediaObject
        {
            Id = id,
            AccountId = caller.AccountId,
            PhoneNumberId = number.Id,
            MimeType = type,
            Sha256 = sha256,
            FileSize = file.Length,
            FileName = Path.GetFileName(file.FileName) is { Length: > 0 and <= 240 } name ? name : null,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.MediaObjects.Add(media);
        await audit.SaveWithAuditAsync(db, MediaChanges.Uploaded(http, media), cancellationToken);
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
        string mediaId, HttpContext http, KeygateDbContext db, AuditLog audit, MediaStore store, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        if (media is null)
        {
            return MetaErrors.NotFound(http, mediaId);
        }
        db.MediaObjects.Remove(media);
        await audit.SaveWithAuditAsync(db, MediaChanges.Deleted(http, media), cancellationToken);
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

    /// <summary>The account's media, if it came through one of the calling key's numbers: any other is as absent as a made-up id.</summary>
    private static Task<MediaObject?> FindAsync(HttpContext http, KeygateDbContext db, string mediaId, CancellationToken cancellationToken) =>
        db.MediaObjects.VisibleTo(http).FirstOrDefaultAsync(m => m.Id == mediaId, cancellationToken);

    private static JsonHttpResult<MetaErrorEnvelope> Invalid(HttpContext http, string message) =>
        MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, message, ProblemCodes.InvalidRequest);
}
