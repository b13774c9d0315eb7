using Keygate.Hosting;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Usage;

internal sealed class RetentionOptions
{
    public const string Section = "Usage:Retention";

    /// <summary>Minute-level usage older than this is rolled up into hours.</summary>
    public int MinuteDays { get; set; } = 14;

    /// <summary>Hour-level usage older than this is rolled up into days, which are kept for good.</summary>
    public int HourDays { get; set; } = 400;

    public int IntervalMinutes { get; set; } = 60;
}

/// <summary>
/// Keeps usage storage bounded however long a key runs: old minutes become hours, old hours become days.
/// A rolled-up row is an ordinary usage row at the start of its hour (or day), so reports need no second
/// table, and rolling the same bucket up again changes nothing.
/// </summary>
internal sealed partial class UsageRetention(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time,
    ILogger<UsageRetention> logger) : PeriodicService(time)
{
    private const long MinutesPerHour = 60;
    private const long MinutesPerDay = 1440;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.IntervalMinutes);

    protected override bool RunsAtStart => true;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => RollUpAsync(cancellationToken);

    protected override void ReportFailure(Exception exception) => LogFailed(logger, exception);

    public async Task RollUpAsync(CancellationToken cancellationToken)
    {
        var nowMinute = Time.GetUtcNow().ToUnixTimeSeconds() / 60;
        await RollUpAsync(nowMinute - (options.Value.MinuteDays * MinutesPerDay), MinutesPerHour, MinutesPerDay, cancellationToken);
        await RollUpAsync(nowMinute - (options.Value.HourDays * MinutesPerDay), MinutesPerDay, 30 * MinutesPerDay, cancellationToken);
    }

    /// <summary>Rolls rows older than <paramref name="before"/> into buckets of <paramref name="size"/> minutes, one slice at a time.</summary>
    private async Task RollUpAsync(long before, long size, long slice, CancellationToken cancellationToken)
    {
        var cutoff = before - (before % size);
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
            // One question, answered from the Minute index: the oldest row still waiting to be rolled up, if any.
            var oldest = await db.UsageMinutes.Where(u => u.Minute < cutoff && u.Minute % size != 0).MinAsync(u => (long?)u.Minute, cancellationToken);
            if (oldest is not { } first)
            {
                return;
            }
            var start = first - (first % size);
            var end = Math.Min(start + slice, cutoff);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = await db.UsageMinutes.AsNoTracking().Where(u => u.Minute >= start && u.Minute < end).ToListAsync(cancellationToken);
            var rolled = rows.GroupBy(u => (u.KeyId, u.AccountId, Minute: u.Minute - (u.Minute % size), u.Group, u.Outcome))
                .Select(g => new UsageMinute { KeyId = g.Key.KeyId, AccountId = g.Key.AccountId, Minute = g.Key.Minute, Group = g.Key.Group, Outcome = g.Key.Outcome, Count = g.Sum(u => u.Count) })
                .ToList();
            await db.UsageMinutes.Where(u => u.Minute >= start && u.Minute < end).ExecuteDeleteAsync(cancellationToken);
            db.UsageMinutes.AddRange(rolled);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogRolledUp(logger, rows.Count, rolled.Count, size);
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Rolled {Rows} usage rows into {Rolled} rows of {Minutes} minutes")]
    private static partial void LogRolledUp(ILogger logger, int rows, int rolled, long minutes);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Rolling up old usage failed; it will be tried again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
