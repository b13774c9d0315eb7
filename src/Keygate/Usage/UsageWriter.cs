using System.Diagnostics.Metrics;
using Keygate.Hosting;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Usage;

/// <summary>
/// Writes drained usage in one transaction per batch, every few seconds and once more when the host
/// stops, so a graceful stop loses no count. A batch that fails to write (the store is down) is kept and retried,
/// the wait doubling up to <see cref="UsageOptions.MaxRetrySeconds"/>; the recorder is still drained on every tick,
/// so what is held stays within <see cref="UsageOptions.MaxPendingCounts"/> and anything beyond it is counted as dropped.
/// </summary>
internal sealed partial class UsageWriter(UsageRecorder recorder, IServiceScopeFactory scopes, IOptions<UsageOptions> options,
    IMeterFactory meters, TimeProvider time, ILogger<UsageWriter> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly UsageOptions _options = options.Value;
    private readonly Counter<long> _dropped = meters.Create(KeygateMeter.Name)
        .CreateCounter<long>("keygate.usage.dropped", "{request}", "Requests whose usage count was dropped because the store could not be written for too long");
    private volatile UsageBatch? _unwritten;
    private int _failures;
    private DateTimeOffset _retryAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.FlushSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(onlyWhenDue: true, CancellationToken.None);
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

    /// <summary>Counts waiting to be stored: those still being counted and those held from writes that failed.</summary>
    public int PendingCounts => recorder.PendingCounts + (_unwritten?.Counts.Count ?? 0);

    /// <summary>Writes everything counted so far now, whether or not a retry is due.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => FlushAsync(onlyWhenDue: false, cancellationToken);

    private async Task FlushAsync(bool onlyWhenDue, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var batch = Hold(_unwritten, recorder.Drain());
            // Held until it is written, so that the pending gauge counts it while the write is on its way too.
            _unwritten = batch.IsEmpty ? null : batch;
            if (batch.IsEmpty || (onlyWhenDue && time.GetUtcNow() < _retryAt))
            {
                return;
            }
            try
            {
                await WriteAsync(batch, cancellationToken);
                _unwritten = null;
                _failures = 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _failures++;
                var wait = TimeSpan.FromSeconds(Math.Min(_options.MaxRetrySeconds, _options.FlushSeconds * Math.Pow(2, Math.Min(_failures - 1, 20))));
                _retryAt = time.GetUtcNow() + wait;
                LogWriteFailed(logger, exception, batch.Counts.Count, wait.TotalSeconds);
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

    /// <summary>
    /// What waits to be written: the counts held from failed writes with the newly drained ones added. A count already
    /// held grows in place; a new one is held only while fewer than the cap are, else it is dropped (the newest go,
    /// so what is held is a gapless record up to the outage's start). Last-use times are one per key, bounded by the keys.
    /// </summary>
    private UsageBatch Hold(UsageBatch? held, UsageBatch drained)
    {
        if (held is null && drained.Counts.Count <= _options.MaxPendingCounts)
        {
            return drained;
        }
        var counts = held?.Counts.ToDictionary() ?? [];
        long droppedRequests = 0;
        var droppedCounts = 0;
        foreach (var (cell, count) in drained.Counts)
        {
            if (counts.TryGetValue(cell, out var earlier))
            {
                counts[cell] = earlier + count;
            }
            else if (counts.Count < _options.MaxPendingCounts)
            {
                counts[cell] = count;
            }
            else
            {
                droppedRequests += count;
                droppedCounts++;
            }
        }
        if (droppedCounts > 0)
        {
            _dropped.Add(droppedRequests);
            LogDropped(logger, droppedRequests, droppedCounts, _options.MaxPendingCounts);
        }
        var lastUse = held?.LastUse.ToDictionary() ?? [];
        foreach (var (key, use) in drained.LastUse)
        {
            lastUse[key] = use;
        }
        return new UsageBatch(counts, lastUse);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Writing {Cells} usage counts failed; they are held and retried in {RetrySeconds} s")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int cells, double retrySeconds);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error,
        Message = "Usage of {Requests} requests ({Counts} new counts) dropped: {Cap} counts already wait for the store (Usage:MaxPendingCounts)")]
    private static partial void LogDropped(ILogger logger, long requests, int counts, int cap);
}
