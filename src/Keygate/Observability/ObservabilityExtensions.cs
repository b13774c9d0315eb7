using System.Net;
using Keygate.Hosting;
using Keygate.Usage;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Keygate.Observability;

internal static class ObservabilityExtensions
{
    public static IServiceCollection AddKeygateObservability(this IServiceCollection services)
    {
        services.AddSingleton<RequestMetrics>();
        services.AddSingleton<IKeyRequestObserver>(provider => provider.GetRequiredService<RequestMetrics>());
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("keygate")).WithMetrics(metrics => metrics
            .AddMeter(KeygateMeter.Name)
            // .NET's own client metrics: every call to Meta and to webhook receivers, by host, method, status and duration
            // (never the path, which would hold phone number ids).
            .AddMeter("System.Net.Http")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>
    /// <c>/metrics</c> in Prometheus's text format, for a scraper on the same machine only: the counts say how much a
    /// business sends, which is nobody else's to read. Behind a trusted proxy the client's own address decides.
    /// </summary>
    public static IEndpointRouteBuilder MapKeygateMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapPrometheusScrapingEndpoint("/metrics", meterProvider: null, optionsName: null, configureBranchedPipeline: branch =>
            branch.Use(next => context =>
            {
                if (context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
                {
                    return next(context);
                }
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        return routes;
    }
}
