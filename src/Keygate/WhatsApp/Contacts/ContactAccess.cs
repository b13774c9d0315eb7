using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary>The rules every contact operation shares: account isolation and one contact per number.</summary>
internal static class ContactAccess
{
    /// <summary>The account's own contact, or null: another account's contact is indistinguishable from one that never existed.</summary>
    public static Task<Contact?> FindAsync(KeygateDbContext db, string accountId, string id, CancellationToken cancellationToken) =>
        db.Contacts.FirstOrDefaultAsync(c => c.Id == id && c.AccountId == accountId, cancellationToken);

    /// <summary>The id of another contact of the account with this number, if any (checked again after a racing insert).</summary>
    public static Task<string?> HolderOfAsync(KeygateDbContext db, string accountId, string waId, string? exceptId, CancellationToken cancellationToken) =>
        db.Contacts.Where(c => c.AccountId == accountId && c.WaId == waId && c.Id != exceptId).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Names the contact that holds the number: it is the caller's own, and a client that meant to update it needs its id.</summary>
    public static ProblemHttpResult NumberConflict(string holderId) =>
        Problems.Conflict($"Contact {holderId} already has this number.");
}
