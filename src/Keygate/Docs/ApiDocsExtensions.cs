using Scalar.AspNetCore;

namespace Keygate.Docs;

internal static class ApiDocsExtensions
{
    public static IServiceCollection AddKeygateApiDocs(this IServiceCollection services) => services.AddOpenApi("v1");

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and interactive docs at <c>/docs</c>, served by Keygate itself (no CDN).</summary>
    public static IEndpointRouteBuilder MapKeygateApiDocs(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi();
        routes.MapScalarApiReference("/docs", options => options.WithTitle("Keygate API"));
        return routes;
    }
}
