using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Keygate.Storage;

/// <summary>
/// PostgreSQL keeps times to the microsecond, .NET to a tenth of one. A time rounded only on its way into the database
/// would be answered one way when created and another when read back (an ETag, a cursor or a test comparing the two would
/// see a different value), so times are cut to whole microseconds on the entity itself, before it is saved.
/// </summary>
internal sealed class PostgresTimePrecision : SaveChangesInterceptor
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Truncate(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Truncate(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Truncate(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            // Only the time columns, so that other values are not read (and boxed) on every save.
            foreach (var property in entry.Properties)
            {
                if ((property.Metadata.ClrType == typeof(DateTime) || property.Metadata.ClrType == typeof(DateTime?))
                    && property.CurrentValue is DateTime time && time.Ticks % TicksPerMicrosecond != 0)
                {
                    property.CurrentValue = new DateTime(time.Ticks - time.Ticks % TicksPerMicrosecond, time.Kind);
                }
            }
        }
    }
}
