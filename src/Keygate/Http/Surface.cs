using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Keygate.Http;

/// <summary>
/// Endpoint metadata set once on a route group: the surface an endpoint belongs to (Keygate's own API, the Cloud API,
/// the dashboard). What differs between surfaces (a body's cap, the shape of an error, a redirect instead of a 401) is
/// asked of the request's surface, so the plumbing that applies it names no feature and reads no path.
/// </summary>
internal abstract class Surface
{
    /// <summary>
    /// The largest body its endpoints take, unless one says otherwise with <see cref="RequestBodyCap"/>. Read once per
    /// host from its options (the body-cap middleware keeps it), not per request.
    /// </summary>
    public abstract long BodyCap(IServiceProvider services);

    /// <summary>
    /// The request's surface: its endpoint's, also while an exception is handled (the handler clears the endpoint but
    /// keeps it in its feature). A request whose endpoint names none (no route matched, or not its method) is on the
    /// surface whose paths it is under (<see cref="SurfacePath"/>); null for the rest (health, the API description).
    /// </summary>
    public static Surface? Of(HttpContext context) => OfEndpoint(context) ?? context.RequestServices.GetRequiredService<SurfacePaths>().Find(context.Request.Path);

    /// <summary>The same, with the host's <see cref="SurfacePaths"/> already at hand (for middleware on every request).</summary>
    public static Surface? Of(HttpContext context, SurfacePaths paths) => OfEndpoint(context) ?? paths.Find(context.Request.Path);

    private static Surface? OfEndpoint(HttpContext context) =>
        (context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<Surface>();
}

/// <summary>
/// A surface's paths, registered by the surface itself: a 404 or a 405 reaches none of its endpoints, yet is answered
/// in its terms (its body cap, its error pages).
/// </summary>
internal sealed record SurfacePath(PathString Prefix, Surface Surface);

internal sealed class SurfacePaths(IEnumerable<SurfacePath> paths)
{
    private readonly SurfacePath[] _paths = [.. paths];

    public Surface? Find(PathString path) => _paths.FirstOrDefault(entry => path.StartsWithSegments(entry.Prefix))?.Surface;
}

internal static class SurfaceExtensions
{
    public static IServiceCollection AddSurfacePath(this IServiceCollection services, PathString prefix, Surface surface)
    {
        services.TryAddSingleton<SurfacePaths>();
        return services.AddSingleton(new SurfacePath(prefix, surface));
    }
}
