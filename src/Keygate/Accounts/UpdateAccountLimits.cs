using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Audit;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

public sealed record UpdateAccountLimitsRequest(IReadOnlyList<RateLimitContract>? RateLimits, IReadOnlyList<QuotaContract>? Quotas);

/// <summary>
/// <c>PATCH /v1/accounts/{id}</c> (operators): the rate limits and quotas every key of the account
/// shares, on top of each key's own. Read with the same rules as a key's, and in force at once.
/// </summary>
internal static class UpdateAccountLimits
{
    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> HandleAsync(
        string id, JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, IKeyChangeNotifier changes, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return Problems.NotFound("account");
        }
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
        }
        else
        {
            var before = Limits(account);
            foreach (var field in body.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "rateLimits": account.RateLimits = KeyFields.ReadRateLimits(field.Value, errors); break;
                    case "quotas": account.Quotas = KeyFields.ReadQuotas(field.Value, errors); break;
                    default: errors.Add(field.Name, "Unknown field: an account's rateLimits and quotas can be changed here."); break;
                }
            }
            if (!errors.Any)
            {
                // Recorded in the account's own chain, with the operator as actor, like its creation.
                var entry = AuditEntry.ByCaller(http, AuditEventType.AccountUpdated, AuditTargetType.Account, account.Id,
                    AuditChanges.Between(before, Limits(account))) with
                { AccountId = account.Id };
                await audit.SaveWithAuditAsync(db, entry, cancellationToken);
                await changes.AccountChangedAsync(account.Id);
                return TypedResults.Ok(account.ToResponse());
            }
        }
        return Problems.Invalid(errors.ToDictionary());
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
