using Keygate.WhatsApp.CloudApi;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Keygate.Http;

internal sealed class RequestLimitOptions
{
    public const string Section = "Http";

    /// <summary>Largest body the management API (<c>/v1</c>) and the dashboard's forms send; key metadata is capped at 8 KB within it.</summary>
    public int MaxManagementBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest JSON body of a Cloud API call (<c>/{version}/…</c>): a message, a template. Calls that take more (media) say so with <see cref="RequestBodyCap"/>.</summary>
    public int MaxCloudApiBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>Endpoint metadata: this endpoint takes bodies up to <paramref name="Bytes"/>, instead of its surface's cap.</summary>
internal sealed record RequestBodyCap(long Bytes);

internal static class RequestLimits
{
    /// <summary>
    /// Caps the body size of every API call before anything reads the body, so an oversized request is refused with
    /// 413 instead of being buffered: at once when <c>Content-Length</c> says so, and by the server while the body is
    /// read when it does not (chunked), which the exception handler answers with the same 413.
    /// </summary>
    public static IApplicationBuilder UseKeygateRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var dashboard = Dashboard.DashboardPaths.Contains(context);
            if (LimitOf(context, dashboard) is { } limit)
            {
                if (context.Request.ContentLength > limit)
                {
                    if (dashboard)
                    {
                        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge; // its HTML status page says so
                        return;
                    }
                    await Problems.WriteAsync(context, 413, ProblemCodes.InvalidRequest,
                        $"The request body is larger than {limit} bytes.");
                    return;
                }
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                {
                    feature.MaxRequestBodySize = limit;
                }
            }
            await next(context);
        });

    private static long? LimitOf(HttpContext context, bool dashboard)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RequestLimitOptions>>().Value;
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyCap>() is { } own)
        {
            return own.Bytes;
        }
        if (CloudApiSurface.Marks(context))
        {
            return options.MaxCloudApiBodyBytes;
        }
        return context.Request.Path.StartsWithSegments("/v1") || dashboard ? options.MaxManagementBodyBytes : null;
    }
}
