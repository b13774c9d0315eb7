using System.Diagnostics;
using System.Security.Claims;

namespace Keygate.Http;

/// <summary>
/// One structured line per request, in place of ASP.NET Core's hosting diagnostics: those log the full
/// URL with its query string, which is where a careless client puts a secret. This line carries the path
/// only (escaped: the client chose it), and the key id (public by design) once the caller is known.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger, RequestLogKeyId keyIdOf)
{
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>With the line off (as shipped), the request passes straight through: no timing, no wrapping.</summary>
    public Task InvokeAsync(HttpContext context) => logger.IsEnabled(LogLevel.Information) ? LoggedAsync(context) : next(context);

    private async Task LoggedAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            // Decoded from the URL, so it may hold a CR/LF the client sent as %0d%0a.
            var path = LogText.Escape(context.Request.Path.Value ?? "/");
            var keyId = keyIdOf(context.User);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            RequestFinished(logger, context.Request.Method, path, context.Response.StatusCode, keyId, elapsed);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{Method} {Path} answered {StatusCode} for key {KeyId} in {ElapsedMs:0.0} ms")]
    private static partial void RequestFinished(ILogger logger, string method, string path, int statusCode, string? keyId, double elapsedMs);
}

/// <summary>The key id of the request's caller, if a key made it: authentication knows how to read it, this line does not.</summary>
internal delegate string? RequestLogKeyId(ClaimsPrincipal user);

internal static class RequestLoggingExtensions
{
    public static IApplicationBuilder UseKeygateRequestLogging(this IApplicationBuilder app) => app.UseMiddleware<RequestLogging>();
}
