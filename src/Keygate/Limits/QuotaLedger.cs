using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Limits;

/// <summary>Quota reservations kept as <see cref="QuotaReservation"/> rows in Keygate's own database.</summary>
internal sealed class QuotaLedger(IServiceScopeFactory scopes, LimitMetrics metrics) : IQuotaReservations
{
    public async Task<long> ReservedAsync(string scope, int metric, int period, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var quotaMetric = (QuotaMetric)metric;
        return await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == quotaMetric && r.Period == period)
            .Select(r => r.Reserved).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<QuotaGrant> ReserveAsync(string scope, int metric, int period, long amount, long limit, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        // One conditional statement, the same on SQLite and PostgreSQL: insert the period's row or grow it, only while the
        // total stays within the limit. PostgreSQL re-checks the condition on the row it has locked, so nodes reserving at
        // once are taken one after the other and the second sees the first's total. The SELECT's WHERE is not only the first
        // reservation's check: without a WHERE there, SQLite cannot tell its ON CONFLICT from a join's and refuses the statement.
        var total = await db.Database.SqlQuery<long>($"""
            INSERT INTO "QuotaReservations" ("Scope", "Metric", "Period", "Reserved")
            SELECT {scope}, {metric}, {period}, {amount} WHERE {amount} <= {limit}
            ON CONFLICT ("Scope", "Metric", "Period") DO UPDATE SET "Reserved" = "QuotaReservations"."Reserved" + excluded."Reserved"
            WHERE "QuotaReservations"."Reserved" + excluded."Reserved" <= {limit}
            RETURNING "Reserved" AS "Value"
            """).ToListAsync(cancellationToken);
        metrics.Reserved(granted: total.Count == 1);
        return total is [var reserved]
            ? new QuotaGrant(true, reserved)
            : new QuotaGrant(false, await ReservedAsync(scope, metric, period, cancellationToken));
    }

    public async Task ReleaseAsync(string scope, int metric, int period, long unspent, CancellationToken cancellationToken)
    {
        await using var services = scopes.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var quotaMetric = (QuotaMetric)metric;
        // Less what this node holds, not set to what it used: other nodes' reservations stay.
        await db.QuotaReservations.Where(r => r.Scope == scope && r.Metric == quotaMetric && r.Period == period && r.Reserved >= unspent)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Reserved, x => x.Reserved - unspent), cancellationToken);
    }
}
