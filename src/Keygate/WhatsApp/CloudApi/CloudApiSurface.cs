using Keygate.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.CloudApi;

/// <summary>
/// Marks the endpoints that speak Meta's Cloud API. Every error on them, including the ones raised before
/// the endpoint runs (credentials, permissions, limits), is written in Meta's envelope.
/// </summary>
internal sealed class CloudApiSurface
{
    public static readonly CloudApiSurface Instance = new();

    /// <summary>Cloud API paths start with a Graph API version: <c>/v23.0/…</c>.</summary>
    public const string VersionSegment = "/{version:regex(^v[0-9]+\\.[0-9]+$)}";

    /// <summary>Also while an exception is handled: the exception handler clears the endpoint but keeps it in its feature.</summary>
    public static bool Marks(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<CloudApiSurface>() is not null;
}

/// <summary>
/// Writes the problem documents that the framework makes (status pages such as a 413 while a chunked body is read,
/// the exception handler's 500) in Meta's envelope on the Cloud API surface, so a Cloud API client parses every error;
/// the exception itself is logged by the middleware, never answered.
/// </summary>
internal sealed class CloudApiProblemWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => CloudApiSurface.Marks(context.HttpContext);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context); // Keygate's code, as the default writer does
        var problem = context.ProblemDetails;
        var status = context.HttpContext.Response.StatusCode;
        var code = problem.Extensions.TryGetValue("code", out var given) && given is string text ? text : ProblemCodes.InvalidRequest;
        var message = problem.Detail ?? (ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason + "." : "The request failed.");
        await context.HttpContext.Response.WriteAsJsonAsync(MetaErrors.FromProblem(context.HttpContext, code, message));
    }
}

internal static class CloudApiSurfaceExtensions
{
    public static RouteGroupBuilder MapCloudApiGroup(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(CloudApiSurface.VersionSegment).WithMetadata(CloudApiSurface.Instance);
}
