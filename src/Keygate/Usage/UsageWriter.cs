using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Usage;

internal sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>How often counts are written; <c>lastUsedAt</c> is never staler than this.</summary>
    public int FlushSeconds { get; set; } = 10;
}

/// <summary>
/// Writes drained usage in one transaction per batch, every few seconds and once more when the host
/// stops, so a graceful stop loses no count. A batch that fails to write is put back and retried.
/// </summary>
internal sealed partial class UsageWriter(UsageRecorder recorder, IServiceScopeFactory scopes, IOptions<UsageOptions> options,
    TimeProvider time, ILogger<UsageWriter> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private UsageBatch? _unwritten;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var batch = Merge(_unwritten, recorder.Drain());
            _unwritten = null;
            if (batch.IsEmpty)
            {
                return;
            }
            try
            {
                await WriteAsync(batch, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _unwritten = batch;
                LogWriteFailed(logger, exception, batch.Counts.Count);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteAsync(UsageBatch batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Every node writes its cells, and then its keys' last use, in one order: nodes writing the same key and minute at once
        // then wait for each other's rows instead of deadlocking (PostgreSQL would abort one, whose counts would wait a flush).
        var cells = batch.Counts.OrderBy(c => c.Key.KeyId, StringComparer.Ordinal).ThenBy(c => c.Key.Minute)
            .ThenBy(c => c.Key.Group, StringComparer.Ordinal).ThenBy(c => c.Key.Outcome, StringComparer.Ordinal);
        foreach (var (cell, count) in cells)
        {
            // The same upsert on SQLite and PostgreSQL.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "UsageMinutes" ("KeyId", "AccountId", "Minute", "Group", "Outcome", "Count")
                VALUES ({cell.KeyId}, {cell.AccountId}, {cell.Minute}, {cell.Group}, {cell.Outcome}, {count})
                ON CONFLICT ("KeyId", "Minute", "Group", "Outcome") DO UPDATE SET "Count" = "UsageMinutes"."Count" + excluded."Count"
                """, cancellationToken);
        }
        foreach (var (keyId, use) in batch.LastUse.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var address = use.Address?.ToString();
            await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < use.At))
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, use.At).SetProperty(x => x.LastUsedIp, address), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static UsageBatch Merge(UsageBatch? earlier, UsageBatch later)
    {
        if (earlier is null)
        {
            return later;
        }
        var counts = earlier.Counts.ToDictionary();
        foreach (var (cell, count) in later.Counts)
        {
            counts[cell] = counts.GetValueOrDefault(cell) + count;
        }
        var lastUse = earlier.LastUse.ToDictionary();
        foreach (var (key, use) in later.LastUse)
        {
            lastUse[key] = use;
        }
        return new UsageBatch(counts, lastUse);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Writing {Cells} usage counts failed; they will be retried")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int cells);
}
