using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>The caller's account's users, oldest first (the first owner heads the list), cursor-paged.</summary>
internal sealed class ListUsers(KeygateDbContext db)
{
    public async Task<Outcome<Page<UserResponse>>> ListAsync(Caller caller, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        var query = db.Users.AsNoTracking().Where(u => u.AccountId == caller.AccountId);
        return Outcome.Done(await query.OldestFirstAsync(take, after, u => u.ToResponse(), cancellationToken));
    }
}
