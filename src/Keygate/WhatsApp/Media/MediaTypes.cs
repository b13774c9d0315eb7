namespace Keygate.WhatsApp.Media;

/// <summary>The types WhatsApp accepts and their size limits (Meta's, per kind of media).</summary>
internal static class MediaTypes
{
    private const long Megabyte = 1024 * 1024;

    private static readonly Dictionary<string, long> Limits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = 5 * Megabyte,
        ["image/png"] = 5 * Megabyte,
        ["image/webp"] = 500 * 1024,
        ["video/mp4"] = 16 * Megabyte,
        ["video/3gpp"] = 16 * Megabyte,
        ["audio/aac"] = 16 * Megabyte,
        ["audio/amr"] = 16 * Megabyte,
        ["audio/mpeg"] = 16 * Megabyte,
        ["audio/mp4"] = 16 * Megabyte,
        ["audio/ogg"] = 16 * Megabyte,
        ["text/plain"] = 100 * Megabyte,
        ["application/pdf"] = 100 * Megabyte,
        ["application/vnd.ms-powerpoint"] = 100 * Megabyte,
        ["application/msword"] = 100 * Megabyte,
        ["application/vnd.ms-excel"] = 100 * Megabyte,
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = 100 * Megabyte,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = 100 * Megabyte,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = 100 * Megabyte,
    };

    public static readonly long LargestUpload = Limits.Values.Max();

    /// <summary>Stickers are WebP: Meta takes 500 KB for an animated one (the limit above) but only 100 KB for a static one.</summary>
    public const string Sticker = "image/webp";

    public const long StaticStickerLimit = 100 * 1024;

    /// <summary>Whether a WebP file is animated: an extended (<c>VP8X</c>) header with its animation flag set.</summary>
    public static bool IsAnimatedWebp(IFormFile file)
    {
        Span<byte> header = stackalloc byte[21];
        using var content = file.OpenReadStream();
        return content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
            && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8) && header[12..16].SequenceEqual("VP8X"u8)
            && (header[20] & 0x02) != 0;
    }

    public static long? LimitOf(string? mimeType) => mimeType is not null && Limits.TryGetValue(mimeType, out var limit) ? limit : null;
}
