using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Keygate.Http;

internal sealed class RequestLimitOptions
{
    public const string Section = "Http";

    /// <summary>Largest body the management API (<c>/v1</c>) and the dashboard's forms send; key metadata is capped at 8 KB within it.</summary>
    public int MaxManagementBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The cap of the surfaces that take management bodies (the <c>/v1</c> API and the dashboard's forms).</summary>
    public static long ManagementCap(IServiceProvider services) =>
        services.GetRequiredService<IOptions<RequestLimitOptions>>().Value.MaxManagementBodyBytes;
}

/// <summary>Endpoint metadata: this endpoint takes bodies up to <paramref name="Bytes"/>, instead of its surface's cap.</summary>
internal sealed record RequestBodyCap(long Bytes);

internal static class RequestLimits
{
    /// <summary>
    /// Caps the body size of every call to a surface before anything reads the body, so an oversized request is refused
    /// with 413 instead of being buffered: at once when <c>Content-Length</c> says so, and by the server while the body
    /// is read when it does not (chunked), which the exception handler answers with the same 413.
    /// </summary>
    public static IApplicationBuilder UseKeygateRequestLimits(this IApplicationBuilder app)
    {
        // Resolved once for the host: every request asks its surface's cap, and the options behind it do not change.
        var services = app.ApplicationServices;
        var paths = services.GetRequiredService<SurfacePaths>();
        var caps = new ConcurrentDictionary<Surface, long>();
        return app.Use((context, next) =>
        {
            var surface = Surface.Of(context, paths);
            var cap = context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyCap>()?.Bytes
                ?? (surface is null ? null : caps.GetOrAdd(surface, static (s, provider) => s.BodyCap(provider), services));
            if (cap is not { } limit)
            {
                return next(context);
            }
            if (context.Request.ContentLength > limit)
            {
                return surface is PageSurface
                    ? PageSurface.RefuseAsync(context, StatusCodes.Status413PayloadTooLarge)
                    : Problems.WriteAsync(context, 413, ProblemCodes.InvalidRequest, $"The request body is larger than {limit} bytes.");
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            return next(context);
        });
    }
}
