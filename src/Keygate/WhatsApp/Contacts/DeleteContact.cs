using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary>A contact gone for good, tags and fields with it (<c>DELETE /v1/contacts/{id}</c>); a given ETag is honoured.</summary>
internal sealed class DeleteContact(KeygateDbContext db, AuditLog audit)
{
    /// <summary>The contact as it was before it went.</summary>
    public async Task<Outcome<Contact>> DeleteAsync(Actor actor, string id, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        var accountId = actor.Caller.AccountId;
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, cancellationToken);
        if (contact is null)
        {
            return Refusal.NotFound("contact");
        }
        if (ifMatch.IsStale(contact.ETag))
        {
            return Refusal.Stale;
        }
        var guarded = ifMatch.Tags.Count > 0;
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
            return guarded ? Refusal.Stale : Refusal.NotFound("contact");
        }
        await audit.SaveWithAuditAsync(db, ContactAccess.Entry(actor, AuditEventType.ContactDeleted, ContactAccess.Snapshot(contact), null, id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Done(contact);
    }
}
