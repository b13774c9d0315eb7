using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Contacts;

/// <summary><c>GET /v1/contacts</c> (newest first, cursor-paged, filtered) and <c>GET /v1/contacts/{id}</c>.</summary>
internal static class ListContacts
{
    public const int MaxQueryLength = 100;

    public static async Task<Results<Ok<Page<ContactResponse>>, ProblemHttpResult>> HandleAsync(
        string? q, string? tag, string? optIn, int? limit, string? cursor,
        HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var query = db.Contacts.AsNoTracking().Where(c => c.AccountId == accountId);

        if (q is not null)
        {
            q = q.Trim();
            if (q.Length is 0 or > MaxQueryLength)
            {
                errors.Add("q", $"1 to {MaxQueryLength} characters.");
            }
            var name = LikePattern.Containing(q);
            // "+44 7700-900" finds 447700900123: a number is searched by its digits, however it is written.
            var number = ContactNumber.Digits(q) is { } digits ? LikePattern.Containing(digits) : null;
            query = query.WhereAnyLike(db, LikePattern.Escape, (c => c.Name, name), (c => c.WaId, number));
        }
        if (tag is not null)
        {
            if (ContactFields.TryReadTag(tag, out var wanted))
            {
                query = query.Where(c => c.Tags.Any(t => t.Name == wanted));
            }
            else
            {
                errors.Add("tag", ContactFields.TagRule);
            }
        }
        if (optIn is not null)
        {
            if (OptInNames.TryParse(optIn, out var state))
            {
                query = query.Where(c => c.OptIn == state);
            }
            else
            {
                errors.Add("optIn", $"One of {OptInNames.Choices}.");
            }
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, c => c.ToResponse(), cancellationToken));
    }

    public static async Task<Results<Ok<ContactResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var contact = await ContactAccess.FindAsync(db, Caller.From(http.User).AccountId, id, cancellationToken);
        if (contact is null)
        {
            return Problems.NotFound("contact");
        }
        http.Response.Headers.ETag = contact.ETag;
        return TypedResults.Ok(contact.ToResponse());
    }
}
