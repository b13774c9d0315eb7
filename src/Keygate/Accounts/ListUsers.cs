using Keygate.Authorization;
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
        return TypedResults.Ok(await query.OldestFirstAsync(take, after, u => u.ToResponse(), cancellationToken));
    }
}
