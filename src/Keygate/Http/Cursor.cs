using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Keygate.Http;

/// <summary>
/// An opaque page position: the sort key (creation time) and the id of the last row returned.
/// Opaque so that clients do not build cursors themselves; not secret, so not encrypted.
/// </summary>
internal readonly record struct Cursor(DateTime CreatedAt, string Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}|{Id}"));

    public static bool TryDecode(string? text, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Length > 200 || !Base64Url.IsValid(text))
        {
            return false;
        }
        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        cursor = new Cursor(new DateTime(ticks, DateTimeKind.Utc), parts[1]);
        return true;
    }
}

/// <summary>One page of a list: the items and, when more follow, the cursor for the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

internal static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>Reads <c>limit</c> and <c>cursor</c>; adds field errors for bad ones.</summary>
    public static (int Limit, Cursor? Cursor) Read(int? limit, string? cursor, FieldErrors errors)
    {
        var take = ReadLimit(limit, errors);
        if (!Cursor.TryDecode(cursor, out var position))
        {
            errors.Add("cursor", "Not a cursor this API returned.");
        }
        return (take, position);
    }

    /// <summary>Reads <c>limit</c> alone, for lists whose cursor is not a <see cref="Cursor"/>.</summary>
    public static int ReadLimit(int? limit, FieldErrors errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Must be between 1 and {MaxLimit}.");
        }
        return limit ?? DefaultLimit;
    }
}
