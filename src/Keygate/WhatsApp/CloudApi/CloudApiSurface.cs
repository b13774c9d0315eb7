using Keygate.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.CloudApi;

/// <summary>
/// Marks the endpoints that speak Meta's Cloud API. Every error on them, including the ones raised before
/// the endpoint runs (credentials, permissions, limits), is written in Meta's envelope (<see cref="CloudApiProblemWriter"/>).
/// It needs no paths of its own: the Graph pass-through answers every path under a version.
/// </summary>
internal sealed class CloudApiSurface : Surface
{
    public static readonly CloudApiSurface Instance = new();

    /// <summary>Cloud API paths start with a Graph API version: <c>/v23.0/…</c>.</summary>
    public const string VersionSegment = "/{version:regex(^v[0-9]+\\.[0-9]+$)}";

    public static bool Marks(HttpContext context) => Of(context) is CloudApiSurface;

    public override long BodyCap(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CloudApiOptions>>().Value.MaxCloudApiBodyBytes;
}

internal sealed class CloudApiOptions
{
    public const string Section = "Http";

    /// <summary>Largest JSON body of a Cloud API call (<c>/{version}/…</c>): a message, a template. Calls that take more (media) say so with <see cref="RequestBodyCap"/>.</summary>
    public int MaxCloudApiBodyBytes { get; set; } = 64 * 1024;
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
    public static IServiceCollection AddCloudApiSurface(this IServiceCollection services)
    {
        services.AddOptions<CloudApiOptions>().BindConfiguration(CloudApiOptions.Section);
        return services.AddSurfaceProblemWriter<CloudApiProblemWriter>();
    }

    public static RouteGroupBuilder MapCloudApiGroup(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(CloudApiSurface.VersionSegment).WithMetadata(CloudApiSurface.Instance);
}
