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

    public static long? LimitOf(string? mimeType) => mimeType is not null && Limits.TryGetValue(mimeType, out var limit) ? limit : null;
}
