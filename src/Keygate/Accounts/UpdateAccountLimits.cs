using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

public sealed record UpdateAccountLimitsRequest(IReadOnlyList<RateLimitContract>? RateLimits, IReadOnlyList<QuotaContract>? Quotas);

/// <summary>
/// An account's new limits as read from a request: a list left null stays as it is. <see cref="Unread"/> holds what
/// could not be read, answered only once the account is known to exist (a missing account is 404 whatever the body).
/// </summary>
internal sealed record AccountLimitsChange(List<RateLimitRule>? RateLimits, List<QuotaRule>? Quotas, FieldErrors? Unread = null);

/// <summary>
/// <c>PATCH /v1/accounts/{id}</c> (operators): the rate limits and quotas every key of the account shares, on top of
/// each key's own. Read with the same rules as a key's, and in force at once.
/// </summary>
internal sealed class UpdateAccountLimits(KeygateDbContext db, AuditLog audit, IChangeNotifier changes)
{
    public async Task<Outcome<AccountResponse>> UpdateAsync(Actor actor, string id, AccountLimitsChange change, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return Refusal.NotFound("account");
        }
        if (change.Unread is { Any: true } unread)
        {
            return Refusal.Invalid(unread);
        }
        var before = Limits(account);
        account.RateLimits = change.RateLimits ?? account.RateLimits;
        account.Quotas = change.Quotas ?? account.Quotas;
        // Recorded in the account's own chain, with the operator as actor, like its creation.
        var entry = AuditEntry.By(actor, AuditEventType.AccountUpdated, AuditTargetType.Account, account.Id,
            AuditChanges.Between(before, Limits(account))) with
        { AccountId = account.Id };
        await audit.SaveWithAuditAsync(db, entry, cancellationToken);
        await changes.AccountChangedAsync(account.Id);
        return Outcome.Done(account.ToResponse());
    }

    private static JsonObject Limits(Account account)
    {
        var response = account.ToResponse();
        return JsonSerializer.SerializeToNode(new { response.RateLimits, response.Quotas }, JsonSerializerOptions.Web)!.AsObject();
    }
}

internal static class AccountMapping
{
    public static AccountResponse ToResponse(this Account account) => new(account.Id, account.Name, account.CreatedAt,
        [.. account.RateLimits.Select(r => new RateLimitContract(r.Name, r.Limit, r.PeriodSeconds))],
        [.. account.Quotas.Select(q => new QuotaContract(KeyNames.Of(q.Metric), q.Limit, KeyNames.Of(q.Period)))]);
}
