using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Misuse;

/// <summary>
/// Stores suspicions as alerts, off the request path. An open alert of the same kind for the same key is
/// updated rather than repeated, whichever node saw the suspicion. A key whose misuse policy is <c>disable</c> is disabled here, in the same
/// transaction as the alert and with its own audit entry, and the alert says so. A new alert is also
/// queued for the account's webhooks (event <c>alerts</c>).
/// </summary>
internal sealed partial class AlertWriter(MisuseMonitor monitor, IServiceScopeFactory scopes, AuditLog audit,
    IChangeNotifier changes, TimeProvider time, ILogger<AlertWriter> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await monitor.Alerts.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync();
    }

    /// <summary>
    /// Stores every suspicion queued so far, and returns once they are stored. The writer calls it as suspicions come;
    /// a test calls it to await its alert rather than poll for it (the gate keeps the two from writing the same queue at once).
    /// </summary>
    public async Task FlushAsync()
    {
        await _gate.WaitAsync();
        try
        {
            while (monitor.Alerts.TryRead(out var draft))
            {
                await WriteSafelyAsync(draft);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task WriteSafelyAsync(AlertDraft draft)
    {
        try
        {
            try
            {
                await WriteAsync(draft);
            }
            catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || UniqueViolation.Is(exception))
            {
                // Another node stored the key's open alert of this kind between our look and our insert (the unique index on
                // open alerts refused ours, with the webhook and any disabling saved beside it), or the key being disabled
                // changed meanwhile (its version moved). Write again: the look now finds that alert and the key as it is, and
                // this suspicion counts as a repeat of it, so the alert is raised once for all nodes.
                await WriteAsync(draft);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWriteFailed(logger, exception, AlertNames.Of(draft.Kind), draft.Key.Id);
        }
    }

    private async Task WriteAsync(AlertDraft draft)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.KeyId == draft.Key.Id && a.Kind == draft.Kind && a.ResolvedAt == null);
        var raised = alert is null;
        if (alert is null)
        {
            alert = new Alert
            {
                Id = Ids.New("alr"),
                AccountId = draft.Key.AccountId,
                KeyId = draft.Key.Id,
                Kind = draft.Kind,
                Severity = draft.Severity,
                Evidence = draft.Evidence.ToJsonString(),
                Action = draft.Action,
                CreatedAt = now,
                LastSeenAt = now,
            };
            db.Alerts.Add(alert);
        }
        else
        {
            alert.Occurrences++;
            alert.LastSeenAt = now;
            alert.Evidence = draft.Evidence.ToJsonString();
        }
        var key = AlertNames.DisablesUnderPolicy(draft.Kind)
            ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == draft.Key.Id && k.MisusePolicy == MisusePolicy.Disable && k.Status == KeyStatus.Active)
            : null;
        var disabled = key is null ? null : Disable(key, alert, now);
        if (raised)
        {
            // A new alert, not a repeat of an open one, goes to the account's webhooks, queued in the same save:
            // stored and announced, or neither. Its payload shows the action taken, so it is built after Disable.
            await scope.ServiceProvider.GetRequiredService<WebhookPublisher>()
                .QueueAsync(alert.AccountId, WebhookEvents.Alerts, null, AlertEvent(alert), CancellationToken.None);
        }
        if (disabled is null)
        {
            await db.SaveChangesAsync();
        }
        else
        {
            await audit.SaveWithAuditAsync(db, disabled, CancellationToken.None);
            await changes.KeyChangedAsync(key!.Id);
        }
        LogRaised(logger, AlertNames.Of(draft.Kind), draft.Key.Id, alert.Occurrences);
    }

    /// <summary>The webhook event of a new alert; its <c>value</c> is the alert exactly as <c>GET /v1/alerts</c> shows it.</summary>
    private static JsonObject AlertEvent(Alert alert) =>
        WebhookPayloads.Keygate(alert.AccountId, WebhookEvents.Alerts, JsonSerializer.SerializeToNode(alert.ToResponse(), JsonSerializerOptions.Web)!);

    /// <summary>Disables the key under its <c>disable</c> policy; the audit entry to save with it.</summary>
    private static AuditEntry Disable(ApiKey key, Alert alert, DateTime now)
    {
        var before = KeyChanges.Snapshot(key, now);
        key.Status = KeyStatus.Disabled;
        key.UpdatedAt = now;
        key.Version++;
        alert.Action = AlertAction.KeyDisabled;
        var changed = AuditChanges.Between(before, KeyChanges.Snapshot(key, now));
        changed["alert"] = new JsonObject { ["id"] = alert.Id, ["kind"] = AlertNames.Of(alert.Kind) };
        return new AuditEntry(key.AccountId, AuditEventType.KeyDisabled, AuditActorType.System, "misuse-detection",
            null, AuditTargetType.Key, key.Id, changed);
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Misuse alert {Kind} for key {KeyId} (occurrence {Occurrences})")]
    private static partial void LogRaised(ILogger logger, string kind, string keyId, int occurrences);

    [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Could not store misuse alert {Kind} for key {KeyId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string kind, string keyId);
}
