using Keygate.Coordination;
using Keygate.Keys;

namespace Keygate.Limits;

internal static class LimitsExtensions
{
    public static IServiceCollection AddKeygateLimits(this IServiceCollection services)
    {
        services.AddOptions<AccountCapOptions>().BindConfiguration(AccountCapOptions.Section)
            .Validate(caps => caps.IsValid, "Every AccountCaps setting must be positive.").ValidateOnStart();
        services.AddSingleton<LimitMetrics>();
        services.AddSingleton<IQuotaReservations, QuotaLedger>();
        services.AddSingleton<KeyLimiter>();
        services.AddSingleton<IKeyLimiter>(provider => provider.GetRequiredService<KeyLimiter>());
        services.AddSingleton<KeyAdmission>();
        services.AddScoped<KeyAllowances>();
        services.AddHostedService<QuotaRelease>();
        return services;
    }

    public static IApplicationBuilder UseKeygateLimits(this IApplicationBuilder app) => app.UseMiddleware<LimitsMiddleware>();
}

/// <summary>Hands unspent quota reservations back when the host stops gracefully.</summary>
internal sealed class QuotaRelease(ILimitCounters counters) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => counters.ReleaseUnspentAsync(cancellationToken);
}
