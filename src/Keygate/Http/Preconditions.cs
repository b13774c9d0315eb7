namespace Keygate.Http;

/// <summary>Optimistic concurrency for the management API: the <c>If-Match</c> check against a resource's ETag.</summary>
internal static class Preconditions
{
    /// <summary>True when <c>If-Match</c> names none of the current ETag (or <c>*</c>). No header: no precondition.</summary>
    public static bool IsStale(HttpContext http, string currentETag)
    {
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return false;
        }
        foreach (var value in ifMatch)
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
