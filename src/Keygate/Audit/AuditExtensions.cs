namespace Keygate.Audit;

internal static class AuditExtensions
{
    public static IServiceCollection AddKeygateAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddScoped<ListAuditEvents>();
        services.AddScoped<VerifyAuditChain>();
        return services;
    }
}
