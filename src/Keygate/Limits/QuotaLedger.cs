using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Limits;

/// <summary>Quota reservations kept as <see cref="QuotaReservation"/> rows in Keygate's own database.</summary>
internal sealed class QuotaLedger(IServiceScopeFactory scopes) : IQuotaReservations
{
    public async Task<long> ReservedAsync(string scope, int metric, int period, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var quotaMetric = (QuotaMetric)metric;
        return await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == quotaMetric && r.Period == period)
            .Select(r => r.Reserved).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<long> ReserveAsync(string scope, int metric, int period, long amount, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        // One statement, the same on SQLite and PostgreSQL: insert the period's row or grow it.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "QuotaReservations" ("Scope", "Metric", "Period", "Reserved") VALUES ({scope}, {metric}, {period}, {amount})
            ON CONFLICT ("Scope", "Metric", "Period") DO UPDATE SET "Reserved" = "QuotaReservations"."Reserved" + excluded."Reserved"
            """, cancellationToken);
        var quotaMetric = (QuotaMetric)metric;
        return await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == quotaMetric && r.Period == period)
            .Select(r => r.Reserved).FirstAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string scope, int metric, int period, long used, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var quotaMetric = (QuotaMetric)metric;
        await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == quotaMetric && r.Period == period && r.Reserved > used)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Reserved, used), cancellationToken);
    }
}
