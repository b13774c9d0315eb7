using Keygate.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace Keygate.Accounts;

/// <summary>
/// A browser attaches the session cookie to any request to Keygate, including one a page on another site makes it
/// send; SameSite=Strict is one defence against that, and this is the second, which does not depend on the browser's
/// cookie policy. An API call that changes something (any method but GET, HEAD, OPTIONS, TRACE) and is authenticated
/// by the session cookie goes ahead only with proof of where it came from: an <c>Origin</c> naming Keygate itself, or,
/// without one, <c>Sec-Fetch-Site: same-origin</c> or a valid antiforgery token. API keys are never attached by a
/// browser on its own, so calls made with them are not checked. Dashboard pages check their forms' antiforgery
/// tokens themselves (and are posted with <c>Origin: null</c> under their no-referrer policy): a <see cref="PageSurface"/>.
/// </summary>
internal static class SessionOriginCheck
{
    public static IApplicationBuilder UseSessionOriginCheck(this WebApplication app)
    {
        var configured = app.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>()?.AllowedOrigins ?? [];
        var allowed = configured.Select(entry => OriginOf(entry)
            ?? throw new InvalidOperationException($"Http:AllowedOrigins: '{entry}' is not an origin such as https://keys.example.com.")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return app.Use((context, next) => IsSessionWrite(context) ? CheckOriginAsync(context, next, allowed) : next(context));
    }

    private static async Task CheckOriginAsync(HttpContext context, RequestDelegate next, HashSet<string> allowed)
    {
        if (!await ComesFromKeygateAsync(context, allowed))
        {
            await Problems.WriteAsync(context, 403, ProblemCodes.CrossSiteRequest,
                "A session cookie alone does not authorize a change: send an Origin header naming this server (browsers do), or use an API key.");
            return;
        }
        await next(context);
    }

    private static bool IsSessionWrite(HttpContext context)
    {
        var method = context.Request.Method;
        return !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            && SessionCookie.IsSession(context.User)
            && Surface.Of(context) is not PageSurface;
    }

    private static async Task<bool> ComesFromKeygateAsync(HttpContext context, HashSet<string> allowed)
    {
        var request = context.Request;
        var origin = request.Headers.Origin;
        if (origin.Count > 0)
        {
            return origin.Count == 1 && OriginOf(origin[0]) is { } given
                && (string.Equals(given, OriginOf(request), StringComparison.OrdinalIgnoreCase) || allowed.Contains(given));
        }
        if (request.Headers["Sec-Fetch-Site"] == "same-origin")
        {
            return true;
        }
        return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
    }

    /// <summary>Scheme, host and port, with the port always written out, so that default ports compare equal; null for <c>null</c> and other non-origins.</summary>
    private static string? OriginOf(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.PathAndQuery == "/" && string.IsNullOrEmpty(uri.UserInfo)
            ? $"{uri.Scheme}://{uri.Host}:{uri.Port}"
            : null;

    private static string? OriginOf(HttpRequest request) => OriginOf($"{request.Scheme}://{request.Host.ToUriComponent()}");
}
