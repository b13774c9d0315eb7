using Keygate.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Keygate.Health;

internal static class HealthExtensions
{
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
        routes.MapGet("/healthz", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store, no-cache";
            return TypedResults.Text(nameof(HealthStatus.Healthy));
        }).ExcludeFromDescription();
        routes.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).ExcludeFromDescription();
        return routes;
    }
}

internal sealed class StorageHealthCheck(KeygateDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The store cannot be reached.");
}
