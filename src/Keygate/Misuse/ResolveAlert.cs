using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Misuse;

/// <summary>An alert marked resolved (<c>POST /v1/alerts/{id}/resolve</c>); resolving a resolved one changes nothing.</summary>
internal sealed class ResolveAlert(KeygateDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<AlertResponse>> ResolveAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var caller = actor.Caller;
        var alert = await db.Alerts.FirstOrDefaultAsync(a => a.Id == id && a.AccountId == caller.AccountId, cancellationToken);
        if (alert is null)
        {
            return Refusal.NotFound("alert");
        }
        if (alert.ResolvedAt is null)
        {
            alert.ResolvedAt = time.GetUtcNow().UtcDateTime;
            alert.ResolvedBy = caller.KeyId ?? caller.UserId;
            await audit.SaveWithAuditAsync(db, AuditEntry.By(actor, AuditEventType.AlertResolved, AuditTargetType.Alert, alert.Id,
                AuditChanges.Between(null, new() { ["kind"] = AlertNames.Of(alert.Kind), ["keyId"] = alert.KeyId })), cancellationToken);
        }
        return Outcome.Done(alert.ToResponse());
    }
}
