using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary>A change to a contact (<c>PATCH /v1/contacts/{id}</c>), guarded by the ETag it was read with.</summary>
internal sealed class UpdateContact(KeygateDbContext db, AuditLog audit, TimeProvider time)
{
    public async Task<Outcome<Contact>> UpdateAsync(Actor actor, string id, IfMatch ifMatch, ContactEdit edit, CancellationToken cancellationToken)
    {
        var accountId = actor.Caller.AccountId;
        var contact = await ContactAccess.FindAsync(db, accountId, id, cancellationToken);
        if (contact is null)
        {
            return Refusal.NotFound("contact");
        }
        if (ifMatch.IsStale(contact.ETag))
        {
            return Refusal.Stale;
        }

        var draft = ContactDraft.From(contact);
        var errors = new FieldErrors();
        edit(draft, errors);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (draft.WaId != contact.WaId && await ContactAccess.HolderOfAsync(db, accountId, draft.WaId!, contact.Id, cancellationToken) is { } holder)
        {
            return ContactAccess.NumberConflict(holder);
        }

        var before = ContactAccess.Snapshot(contact);
        var optInBefore = contact.OptIn;
        var now = time.GetUtcNow().UtcDateTime;
        draft.ApplyTo(contact, now);
        var type = contact.OptIn != optInBefore ? AuditEventType.ContactOptInChanged : AuditEventType.ContactUpdated;
        contact.UpdatedAt = now;
        contact.Version++;
        try
        {
            await audit.SaveWithAuditAsync(db, ContactAccess.Entry(actor, type, before, contact, contact.Id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale;
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            if (await ContactAccess.HolderOfAsync(db, accountId, contact.WaId, contact.Id, CancellationToken.None) is { } racer)
            {
                return ContactAccess.NumberConflict(racer);
            }
            throw;
        }
        return Outcome.Done(contact);
    }
}
