using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary>The rules every contact operation shares: account isolation, one contact per number, and what the trail records.</summary>
internal static class ContactAccess
{
    // Bookkeeping, or the target itself; the opt-in state and its source are recorded, their time is the entry's.
    private static readonly string[] NotRecorded = ["id", "createdAt", "updatedAt", "optInChangedAt"];

    /// <summary>The account's own contact, or null: another account's contact is indistinguishable from one that never existed.</summary>
    public static Task<Contact?> FindAsync(KeygateDbContext db, string accountId, string id, CancellationToken cancellationToken) =>
        db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, cancellationToken);

    /// <summary>The id of another contact of the account with this number, if any (checked again after a racing insert).</summary>
    public static Task<string?> HolderOfAsync(KeygateDbContext db, string accountId, string waId, string? exceptId, CancellationToken cancellationToken) =>
        db.Contacts.Where(c => c.AccountId == accountId && c.WaId == waId && c.Id != exceptId).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Names the contact that holds the number: it is the caller's own, and a client that meant to update it needs its id.</summary>
    public static Refusal NumberConflict(string holderId) =>
        Refusal.Conflict($"Contact {holderId} already has this number.");

    /// <summary>The contact as the API shows it.</summary>
    public static JsonObject Snapshot(Contact contact) => AuditChanges.Snapshot(contact.ToResponse(), NotRecorded);

    /// <summary>The actor's action on a contact; <paramref name="before"/> is null for a create, <paramref name="after"/> for a delete.</summary>
    public static AuditEntry Entry(Actor actor, AuditEventType type, JsonObject? before, Contact? after, string id) =>
        AuditEntry.By(actor, type, AuditTargetType.Contact, id, AuditChanges.Between(before, after is null ? [] : Snapshot(after)));
}
