using System.Text;
using Keygate.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Keygate.Health;

internal static class HealthExtensions
{
    private static readonly byte[] Healthy = Encoding.UTF8.GetBytes(nameof(HealthStatus.Healthy));

    public static IServiceCollection AddKeygateHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// <c>/healthz</c>: the process answers, as the health checks would say with none to run, without building their
    /// report on every probe. <c>/readyz</c>: it can also reach its store.
    /// </summary>
    public static IEndpointRouteBuilder MapKeygateHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", WriteHealthyAsync).ExcludeFromDescription();
        routes.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).ExcludeFromDescription();
        return routes;
    }

    /// <summary>Written straight to the response: a text result asks the request's services for a logger, opening a service scope per probe.</summary>
    private static Task WriteHealthyAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store, no-cache";
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = Healthy.Length;
        return response.Body.WriteAsync(Healthy).AsTask();
    }
}

internal sealed class StorageHealthCheck(KeygateDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The store cannot be reached.");
}
