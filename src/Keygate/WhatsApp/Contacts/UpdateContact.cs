using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary><c>PATCH /v1/contacts/{id}</c>: a JSON merge patch, guarded by <c>If-Match</c>.</summary>
internal static class UpdateContact
{
    public static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> HandleAsync(
        string id, JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var contact = await ContactAccess.FindAsync(db, accountId, id, cancellationToken);
        if (contact is null)
        {
            return Problems.NotFound("contact");
        }
        if (Preconditions.IsStale(http, contact.ETag))
        {
            return Problems.PreconditionFailed();
        }

        var draft = ContactDraft.From(contact);
        var errors = new FieldErrors();
        ContactFields.Read(body, draft, errors, creating: false);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
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
            await audit.SaveWithAuditAsync(db, ContactAccess.Entry(http, type, before, contact, contact.Id), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.PreconditionFailed();
        }
        catch (DbUpdateException)
        {
            if (await ContactAccess.HolderOfAsync(db, accountId, contact.WaId, contact.Id, CancellationToken.None) is { } racer)
            {
                return ContactAccess.NumberConflict(racer);
            }
            throw;
        }
        http.Response.Headers.ETag = contact.ETag;
        return TypedResults.Ok(contact.ToResponse());
    }
}
