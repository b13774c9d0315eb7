namespace Keygate.Http;

/// <summary>
/// SQL LIKE patterns from user text: a searched '%' or '_' must match itself, not act as a wildcard.
/// Pass <see cref="Escape"/> as the escape character of <c>EF.Functions.Like</c>.
/// </summary>
internal static class LikePattern
{
    public const string Escape = "\\";

    public static string Containing(string text) => "%" + Escaped(text) + "%";

    public static string StartingWith(string text) => Escaped(text) + "%";

    private static string Escaped(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
