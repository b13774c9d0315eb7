using System.Diagnostics.Metrics;
using System.Net;
using Keygate.Hosting;
using Keygate.Usage;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Keygate.Observability;

internal static class ObservabilityExtensions
{
    public static IServiceCollection AddKeygateObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RequestMetrics>();
        services.AddSingleton<IKeyRequestObserver>(provider => provider.GetRequiredService<RequestMetrics>());
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("keygate")).WithMetrics(metrics =>
        {
            metrics.AddMeter(KeygateMeter.Name)
                // .NET's own client metrics: every call to Meta and to webhook receivers, by host, method, status and duration
                // (never the path, which would hold phone number ids).
                .AddMeter("System.Net.Http")
                .AddPrometheusExporter();
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) => builder.AddView(OwnInstruments(provider.GetRequiredService<IMeterFactory>())));
        });
        // Traces only when a collector is named: otherwise nothing listens to ASP.NET Core's activity source, and no
        // request pays for an Activity.
        if (configuration.GetSection(OtlpOptions.Section).Get<OtlpOptions>() is { Endpoint: { } endpoint } otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(otlp.SampleRatio, 0, 1))))
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddProcessor(new UrlScrubbing()) // before the exporter's processor, so spans leave scrubbed
                .AddOtlpExporter(exporter => Configure(exporter, endpoint, otlp.Protocol)));
        }
        return services;
    }

    /// <summary>
    /// Only this host's instruments: a meter is subscribed to by name, so a second host in the same process (the tests run
    /// several) would otherwise have its counts summed into this host's scrape. Meters made outside any host are kept.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnInstruments(IMeterFactory own) => instrument =>
        instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, own) ? MetricStreamConfiguration.Drop : null;

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, string protocol)
    {
        if (string.Equals(protocol, OtlpOptions.Grpc, StringComparison.OrdinalIgnoreCase))
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
            return;
        }
        if (!string.Equals(protocol, OtlpOptions.HttpProtobuf, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Observability:Otlp:Protocol must be '{OtlpOptions.HttpProtobuf}' or '{OtlpOptions.Grpc}', not '{protocol}'.");
        }
        // An endpoint set in code is used as it is: the traces' own path is added here, as the collector's address is what an operator knows.
        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
        exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/traces");
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
