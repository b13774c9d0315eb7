using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary><c>DELETE /v1/contacts/{id}</c>: gone for good, tags and fields with it; <c>If-Match</c> is honoured.</summary>
internal static class DeleteContact
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string id, HttpContext http, KeygateDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, cancellationToken);
        if (contact is null)
        {
            return Problems.NotFound("contact");
        }
        if (Preconditions.IsStale(http, contact.ETag))
        {
            return Problems.PreconditionFailed();
        }
        var guarded = http.Request.Headers.IfMatch.Count > 0;
        var rows = db.Contacts.Where(c => c.Id == id && c.AccountId == accountId);
        if (guarded)
        {
            // The delete itself matches the version checked above, so an edit that lands in between is not deleted unseen.
            rows = rows.Where(c => c.Version == contact.Version);
        }
        // The delete and its entry commit together; the entry joins this transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await rows.ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return guarded ? Problems.PreconditionFailed() : Problems.NotFound("contact");
        }
        await audit.SaveWithAuditAsync(db, ContactAccess.Entry(http, AuditEventType.ContactDeleted, ContactAccess.Snapshot(contact), null, id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
