using Keygate.Authentication;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary><c>GET /v1/users</c>: the caller's account's users, oldest first (the first owner heads the list), cursor-paged.</summary>
internal static class ListUsers
{
    public static async Task<Results<Ok<Page<UserResponse>>, ProblemHttpResult>> HandleAsync(
        int? limit, string? cursor, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var accountId = Caller.From(http.User).AccountId;
        var query = db.Users.AsNoTracking().Where(u => u.AccountId == accountId);
        if (after is { } position)
        {
            query = query.Where(u => u.CreatedAt > position.CreatedAt
                || (u.CreatedAt == position.CreatedAt && string.Compare(u.Id, position.Id) > 0));
        }
        var rows = await query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(u => u.ToResponse()).ToList();
        var next = rows.Count > take ? new Cursor(rows[take - 1].CreatedAt, rows[take - 1].Id).Encode() : null;
        return TypedResults.Ok(new Page<UserResponse>(items, next));
    }
}
