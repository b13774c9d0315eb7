using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Contacts;

/// <summary>A new contact (<c>POST /v1/contacts</c>); its number must be new to the account.</summary>
internal sealed class CreateContact(KeygateDbContext db, AuditLog audit, IOptions<AccountCapOptions> caps, TimeProvider time)
{
    public async Task<Outcome<Contact>> CreateAsync(Actor actor, ContactEdit edit, CancellationToken cancellationToken)
    {
        var accountId = actor.Caller.AccountId;
        var draft = new ContactDraft();
        var errors = new FieldErrors();
        edit(draft, errors);
        if (draft.WaId is null && !errors.Has("waId"))
        {
            errors.Add("waId", "Required. " + ContactNumber.Rule);
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (await AccountCaps.ReachedAsync(caps.Value, db, accountId, AccountCap.Contacts, cancellationToken) is { } full)
        {
            return Refusal.Conflict(full.Code, full.Detail);
        }
        if (await ContactAccess.HolderOfAsync(db, accountId, draft.WaId!, null, cancellationToken) is { } holder)
        {
            return ContactAccess.NumberConflict(holder);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var contact = new Contact
        {
            Id = Ids.New(Contact.IdPrefix),
            AccountId = accountId,
            WaId = draft.WaId!,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        draft.ApplyTo(contact, now);
        db.Contacts.Add(contact);
        try
        {
            await audit.SaveWithAuditAsync(db, ContactAccess.Entry(actor, AuditEventType.ContactCreated, null, contact, contact.Id), cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            // A racing create (or an inbound message) took the number between the check above and this insert.
            if (await ContactAccess.HolderOfAsync(db, accountId, contact.WaId, contact.Id, CancellationToken.None) is { } racer)
            {
                return ContactAccess.NumberConflict(racer);
            }
            throw;
        }
        return Outcome.Done(contact);
    }
}
