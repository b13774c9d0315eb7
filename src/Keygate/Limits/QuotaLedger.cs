using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Limits;

/// <summary>The durable side of quotas: reads and grows <see cref="QuotaReservation"/> rows.</summary>
internal sealed class QuotaLedger(IServiceScopeFactory scopes)
{
    /// <summary>What earlier runs reserved for this period; all of it is treated as spent.</summary>
    public async Task<long> ReservedAsync(string scope, QuotaMetric metric, int period, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        return await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == metric && r.Period == period)
            .Select(r => r.Reserved).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Adds <paramref name="amount"/> to the reservation, committed (and synced) before it returns.</summary>
    public async Task<long> ReserveAsync(string scope, QuotaMetric metric, int period, long amount, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        // One statement, the same on SQLite and PostgreSQL: insert the period's row or grow it.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "QuotaReservations" ("Scope", "Metric", "Period", "Reserved") VALUES ({scope}, {(int)metric}, {period}, {amount})
            ON CONFLICT ("Scope", "Metric", "Period") DO UPDATE SET "Reserved" = "QuotaReservations"."Reserved" + excluded."Reserved"
            """, cancellationToken);
        return await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == metric && r.Period == period)
            .Select(r => r.Reserved).FirstAsync(cancellationToken);
    }

    /// <summary>On a graceful stop, hands back what was reserved but not spent.</summary>
    public async Task ReleaseAsync(string scope, QuotaMetric metric, int period, long used, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == metric && r.Period == period && r.Reserved > used)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Reserved, used), cancellationToken);
    }
}
