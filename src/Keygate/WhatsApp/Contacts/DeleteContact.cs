using Keygate.Authentication;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary><c>DELETE /v1/contacts/{id}</c>: gone for good, tags and fields with it; <c>If-Match</c> is honoured.</summary>
internal static class DeleteContact
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string id, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var version = await db.Contacts.Where(c => c.Id == id && c.AccountId == accountId).Select(c => (int?)c.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return Problems.NotFound("contact");
        }
        if (Preconditions.IsStale(http, Contact.ETagOf(version.Value)))
        {
            return Problems.PreconditionFailed();
        }
        var guarded = http.Request.Headers.IfMatch.Count > 0;
        var rows = db.Contacts.Where(c => c.Id == id && c.AccountId == accountId);
        if (guarded)
        {
            // The delete itself matches the version checked above, so an edit that lands in between is not deleted unseen.
            rows = rows.Where(c => c.Version == version);
        }
        if (await rows.ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return guarded ? Problems.PreconditionFailed() : Problems.NotFound("contact");
        }
        return TypedResults.NoContent();
    }
}
