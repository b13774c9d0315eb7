using Microsoft.AspNetCore.Authentication.Cookies;

namespace Keygate.Dashboard;

/// <summary>
/// Names the session cookie <c>__Host-keygate_session</c> on HTTPS: the prefix makes browsers refuse it unless it is
/// Secure, host-only and for path <c>/</c>, so neither a sibling subdomain nor a plain-HTTP page can plant or shadow it.
/// Browsers drop <c>__Host-</c> cookies that arrive over HTTP, so a plain-HTTP deployment (the loopback default)
/// keeps the bare name.
/// </summary>
internal sealed class HostPrefixedCookies(string name) : ICookieManager
{
    private const string Prefix = "__Host-";
    private readonly ChunkingCookieManager _inner = new();

    public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, NameFor(context));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _inner.AppendResponseCookie(context, NameFor(context), value, Harden(context, options));

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _inner.DeleteCookie(context, NameFor(context), Harden(context, options));

    /// <summary>What the prefix demands; a cookie set without it would be dropped by the browser.</summary>
    private static CookieOptions Harden(HttpContext context, CookieOptions options)
    {
        if (context.Request.IsHttps)
        {
            options.Secure = true;
            options.Path = "/";
            options.Domain = null;
        }
        return options;
    }

    private string NameFor(HttpContext context) => context.Request.IsHttps ? Prefix + name : name;
}
