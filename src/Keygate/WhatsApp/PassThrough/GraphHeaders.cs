namespace Keygate.WhatsApp.PassThrough;

/// <summary>Which headers cross Keygate between a Cloud API client and Meta, in each direction.</summary>
internal static class GraphHeaders
{
    /// <summary>
    /// Never from Meta to the client: hop-by-hop headers (RFC 9110 §7.6.1), cookies, Meta's authentication challenge, and
    /// what Keygate's own server states for itself (its date, name and transport policy, its rate limits).
    /// </summary>
    private static readonly HashSet<string> NotReturned = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Set-Cookie", "WWW-Authenticate", "Authorization", "Date", "Server", "Alt-Svc", "Strict-Transport-Security",
        "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
    };

    /// <summary>The client's request headers Meta needs, besides the body's own (type, length): never its credentials or cookies.</summary>
    private static readonly string[] Forwarded = ["Accept", "Accept-Language", "If-None-Match", "If-Modified-Since"];

    /// <summary>Query parameters that carry credentials in Graph calls: the number's token is the only credential Meta sees.</summary>
    private static readonly HashSet<string> CredentialParameters = new(StringComparer.OrdinalIgnoreCase) { "access_token", "appsecret_proof" };

    public static void CopyRequest(HttpRequest from, HttpRequestMessage to)
    {
        foreach (var name in Forwarded)
        {
            if (from.Headers.TryGetValue(name, out var values))
            {
                to.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }

    public static void CopyResponse(HttpResponseMessage from, HttpResponse to, bool withContentLength)
    {
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!NotReturned.Contains(name) && (withContentLength || !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                to.Headers[name] = values.ToArray();
            }
        }
    }

    /// <summary>The client's query string for Meta, without credentials of its own.</summary>
    public static string QueryOf(HttpRequest request)
    {
        var kept = request.Query.Where(p => !CredentialParameters.Contains(p.Key))
            .SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? "")));
        var query = string.Join('&', kept);
        return query.Length == 0 ? "" : "?" + query;
    }
}
