using System.Text.Json.Nodes;
using Keygate.Audit;

namespace Keygate.WhatsApp.Media;

/// <summary>What the trail records of a media object: which number it came through and what it is (its hash, never its bytes).</summary>
internal static class MediaChanges
{
    private static JsonObject Snapshot(MediaObject media) => new()
    {
        ["phoneNumberId"] = media.PhoneNumberId,
        ["mimeType"] = media.MimeType,
        ["sha256"] = media.Sha256,
        ["fileSize"] = media.FileSize,
        ["fileName"] = media.FileName,
    };

    public static AuditEntry Uploaded(HttpContext http, MediaObject media) =>
        AuditEntry.ByCaller(http, AuditEventType.MediaUploaded, AuditTargetType.Media, media.Id, AuditChanges.Between(null, Snapshot(media)));

    public static AuditEntry Deleted(HttpContext http, MediaObject media) =>
        AuditEntry.ByCaller(http, AuditEventType.MediaDeleted, AuditTargetType.Media, media.Id, AuditChanges.Between(Snapshot(media), []));
}
