using Microsoft.AspNetCore.Http.Features;

namespace Keygate.Http;

internal sealed class RequestLimitOptions
{
    public const string Section = "Http";

    /// <summary>Largest body the management API (<c>/v1</c>) and the dashboard's forms send; key metadata is capped at 8 KB within it.</summary>
    public int MaxManagementBodyBytes { get; set; } = 64 * 1024;
}

internal static class RequestLimits
{
    /// <summary>
    /// Caps the body size of management calls before anything reads the body, so an oversized request is
    /// refused with 413 instead of being buffered.
    /// </summary>
    public static IApplicationBuilder UseKeygateRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var dashboard = Dashboard.DashboardPaths.Contains(context);
            if (context.Request.Path.StartsWithSegments("/v1") || dashboard)
            {
                var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RequestLimitOptions>>()
                    .Value.MaxManagementBodyBytes;
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
}
