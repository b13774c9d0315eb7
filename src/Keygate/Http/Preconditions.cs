using Microsoft.Extensions.Primitives;

namespace Keygate.Http;

/// <summary>
/// Optimistic concurrency: the ETags a change was based on. The API reads them from <c>If-Match</c>; the dashboard
/// from the form it rendered. No tags means no precondition.
/// </summary>
internal readonly record struct IfMatch(StringValues Tags)
{
    public static IfMatch None => default;

    public static IfMatch From(HttpContext http) => new(http.Request.Headers.IfMatch);

    public static IfMatch Of(string? etag) => new(etag);

    /// <summary>True when tags were given and none names <paramref name="currentETag"/> (or <c>*</c>).</summary>
    public bool IsStale(string currentETag)
    {
        if (Tags.Count == 0)
        {
            return false;
        }
        foreach (var value in Tags)
        {
            foreach (var tag in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (tag == "*" || tag == currentETag || tag == "W/" + currentETag)
                {
                    return false;
                }
            }
        }
        return true;
    }
}

internal static class Preconditions
{
    /// <summary>True when <c>If-Match</c> names none of the current ETag (or <c>*</c>). No header: no precondition.</summary>
    public static bool IsStale(HttpContext http, string currentETag) => IfMatch.From(http).IsStale(currentETag);
}
