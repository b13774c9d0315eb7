using System.Text.Json;
using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary><c>POST /v1/contacts</c>: a new contact; its number must be new to the account.</summary>
internal static class CreateContact
{
    public static async Task<Results<Created<ContactResponse>, ProblemHttpResult>> HandleAsync(
        JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var draft = new ContactDraft();
        var errors = new FieldErrors();
        ContactFields.Read(body, draft, errors, creating: true);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        if (await AccountCaps.ReachedAsync(http, db, AccountCap.Contacts, cancellationToken) is { } full)
        {
            return full.Problem();
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
            await audit.SaveWithAuditAsync(db, ContactAccess.Entry(http, AuditEventType.ContactCreated, null, contact, contact.Id), cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A racing create (or an inbound message) took the number between the check above and this insert.
            if (await ContactAccess.HolderOfAsync(db, accountId, contact.WaId, contact.Id, CancellationToken.None) is { } racer)
            {
                return ContactAccess.NumberConflict(racer);
            }
            throw;
        }
        http.Response.Headers.ETag = contact.ETag;
        return TypedResults.Created($"/v1/contacts/{contact.Id}", contact.ToResponse());
    }
}
