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

    public static bool Marks(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<CloudApiSurface>() is not null;
}

internal static class CloudApiSurfaceExtensions
{
    public static RouteGroupBuilder MapCloudApiGroup(this IEndpointRouteBuilder routes) =>
        routes.MapGroup(CloudApiSurface.VersionSegment).WithMetadata(CloudApiSurface.Instance);
}
