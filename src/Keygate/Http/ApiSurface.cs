
namespace Keygate.Http;

/// <summary>Keygate's own API under <c>/v1</c>: problem documents, never a redirect, bodies up to the management cap.</summary>
internal sealed class ApiSurface : Surface
{
    public static readonly ApiSurface Instance = new();

    public const string Root = "/v1";

    public override long BodyCap(IServiceProvider services) => RequestLimitOptions.ManagementCap(services);
}

internal static class ApiSurfaceExtensions
{
    public static IServiceCollection AddKeygateApiSurface(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitOptions>().BindConfiguration(RequestLimitOptions.Section);
        return services.AddSurfacePath(ApiSurface.Root, ApiSurface.Instance);
    }

    /// <summary>The group every <c>/v1</c> endpoint is mapped in; it adds no prefix, only the surface.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("").WithMetadata(ApiSurface.Instance);
}
