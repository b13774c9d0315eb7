using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>
/// Ends a session on the server (<c>POST /v1/auth/logout</c>, the dashboard's logout), so a copied cookie stops working
/// too. Clearing the cookie is the caller's part.
/// </summary>
internal sealed class LogOut(KeygateDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>An ended or unknown session is nothing to end, and nothing to record.</summary>
    public async Task LogOutAsync(Actor actor, string sessionId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.EndedAt == null, cancellationToken);
        if (session is not null)
        {
            session.EndedAt = time.GetUtcNow().UtcDateTime;
            await audit.SaveWithAuditAsync(db, AuditEntry.By(actor, AuditEventType.Logout, AuditTargetType.User, session.UserId), cancellationToken);
        }
    }
}
