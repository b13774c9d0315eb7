using System.Security.Cryptography;
using System.Text.Json.Serialization;
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
        // Not only media: a number, WABA, template or flow at Meta has a numeric id too, and passes through (PassThrough/GraphCall),
        // which checks the permission of what the id turns out to be. A local media object needs media:read or media:write here.
        cloudApi.MapGet("/{mediaId:regex(^[0-9]+$)}", GetAsync).WithTags("Media").WithName("GetMedia");
        cloudApi.MapDelete("/{mediaId:regex(^[0-9]+$)}", DeleteAsync).WithTags("Media").WithName("DeleteMedia");
        routes.MapGet("/v1/media/{mediaId}/download", DownloadAsync).WithTags("Media").WithName("DownloadMedia").RequirePermission(Permission.MediaRead)
            .ServesUploadedContent();
    }

    private static async Task<Results<Ok<MediaUploaded>, JsonHttpResult<MetaErrorEnvelope>, GraphCall>> UploadAsync(
        string phoneNumberId, HttpContext http, PhoneNumberDirectory numbers, KeygateDbContext db, AuditLog audit, MediaStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var (number, refused) = await numbers.ForCallerAsync(http, caller.AccountId, phoneNumberId, cancellationToken);
        if (number is null)
        {
            return refused!;
        }
        if (number.Provider == PhoneNumberProvider.Meta && !http.KeepsSandbox() && await http.MetaObjectAsync(number.Id) is { } meta)
        {
            return new GraphCall(meta, "media"); // the form streams on to Meta unread
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

    private static async Task<Results<Ok<MediaResponse>, JsonHttpResult<MetaErrorEnvelope>, GraphCall>> GetAsync(
        string mediaId, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        if (media is null)
        {
            return await http.MetaObjectAsync(mediaId) is { } meta ? new GraphCall(meta, "") : MetaErrors.NotFound(http, mediaId);
        }
        if (Refused(http, Permission.MediaRead) is { } refused)
        {
            return refused;
        }
        return TypedResults.Ok(new MediaResponse("whatsapp", DownloadUrlOf(http, media.Id), media.MimeType, media.Sha256, media.FileSize, media.Id));
    }

    /// <summary>Where a client downloads a media object's bytes: through Keygate, with the credentials it called with.</summary>
    public static string DownloadUrlOf(HttpContext http, string mediaId) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/v1/media/{mediaId}/download";

    private static async Task<Results<Ok<MediaDeleted>, JsonHttpResult<MetaErrorEnvelope>, GraphCall>> DeleteAsync(
        string mediaId, HttpContext http, KeygateDbContext db, AuditLog audit, MediaStore store, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        if (media is null)
        {
            return await http.MetaObjectAsync(mediaId) is { } meta ? new GraphCall(meta, "") : MetaErrors.NotFound(http, mediaId);
        }
        if (Refused(http, Permission.MediaWrite) is { } refused)
        {
            return refused;
        }
        db.MediaObjects.Remove(media);
        await audit.SaveWithAuditAsync(db, MediaChanges.Deleted(http, media), cancellationToken);
        store.Delete(media.Id);
        return TypedResults.Ok(new MediaDeleted(true));
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult, MetaMediaDownload>> DownloadAsync(
        string mediaId, HttpContext http, KeygateDbContext db, MediaStore store, CancellationToken cancellationToken)
    {
        var media = await FindAsync(http, db, mediaId, cancellationToken);
        if (media is null)
        {
            return new MetaMediaDownload(mediaId);
        }
        return !File.Exists(store.PathOf(media.Id))
            ? Problems.NotFound("media")
            : TypedResults.PhysicalFile(store.PathOf(media.Id), media.MimeType, media.FileName);
    }

    private static JsonHttpResult<MetaErrorEnvelope>? Refused(HttpContext http, Permission needed) =>
        Caller.From(http.User).Holds(needed) ? null
            : MetaErrors.Result(http, 403, 200, $"This call needs the '{PermissionCatalog.NameOf(needed)}' permission.", ProblemCodes.InsufficientPermissions);

    /// <summary>The account's media, if it came through one of the calling key's numbers: any other is as absent as a made-up id.</summary>
    private static Task<MediaObject?> FindAsync(HttpContext http, KeygateDbContext db, string mediaId, CancellationToken cancellationToken) =>
        db.MediaObjects.VisibleTo(http).FirstOrDefaultAsync(m => m.Id == mediaId, cancellationToken);

    private static JsonHttpResult<MetaErrorEnvelope> Invalid(HttpContext http, string message) =>
        MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, message, ProblemCodes.InvalidRequest);
}
