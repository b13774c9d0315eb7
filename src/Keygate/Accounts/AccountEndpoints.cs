using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Accounts;

/// <summary>Tenant accounts, for operators only: a business hosted by a provider gets its own account.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/accounts").WithTags("Accounts").RequireAuthorization(Policies.Operator);
        group.MapPost("/", CreateAsync).WithName("CreateAccount").CarriesSecret();
        group.MapGet("/", ListAsync).WithName("ListAccounts");
        group.MapPatch("/{id}", UpdateLimitsAsync).WithName("UpdateAccountLimits")
            .Accepts<UpdateAccountLimitsRequest>("application/merge-patch+json", "application/json");
        return group;
    }

    private static async Task<Results<Created<CreatedAccountResponse>, ProblemHttpResult>> CreateAsync(
        CreateAccountRequest request, HttpContext http, KeygateDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            errors.Add("name", "Required, 1 to 100 characters, no control characters.");
        }
        var email = request.OwnerEmail?.Trim().ToLowerInvariant();
        if (!Emails.IsValid(email))
        {
            errors.Add("ownerEmail", "Required: an e-mail address of at most 254 characters.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        // An e-mail with a login in another account is no conflict: a new account has no users yet (see CreateUser).
        var now = time.GetUtcNow().UtcDateTime;
        var password = PasswordHasher.NewOneTimePassword();
        var account = new Account { Id = Ids.New("acc"), Name = name!, CreatedAt = now };
        var siblings = await UserAccess.SiblingHashesAsync(db, account.Id, email!, cancellationToken);
        var owner = new User
        {
            Id = Ids.New("usr"),
            AccountId = account.Id,
            Email = email!,
            PasswordHash = PasswordHasher.Hash(password, siblings.FirstOrDefault()),
            Role = UserRole.Owner,
            MustChangePassword = true,
            CreatedAt = now,
        };
        NewAccount.Add(db, account, owner, now);
        // The new account's trail starts with its creation, by the operator who created it.
        var created = AuditEntry.ByCaller(http, AuditEventType.AccountCreated, AuditTargetType.Account, account.Id, AccountChanges.Created(account, owner));
        await audit.SaveWithAuditAsync(db, created with { AccountId = account.Id }, cancellationToken);
        return TypedResults.Created($"/v1/accounts/{account.Id}",
            new CreatedAccountResponse(account.Id, account.Name, account.CreatedAt, new AccountOwner(owner.Id, owner.Email, password)));
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> UpdateLimitsAsync(
        string id, JsonElement body, HttpContext http, UpdateAccountLimits update, CancellationToken cancellationToken) =>
        (await update.UpdateAsync(Actor.From(http), id, ReadLimits(body), cancellationToken)).ToOk();

    /// <summary>Reads a merge patch of <c>rateLimits</c> and <c>quotas</c>, the only fields that change here.</summary>
    private static AccountLimitsChange ReadLimits(JsonElement body)
    {
        var errors = new FieldErrors();
        List<RateLimitRule>? rateLimits = null;
        List<QuotaRule>? quotas = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
            return new(null, null, errors);
        }
        foreach (var field in body.EnumerateObject())
        {
            switch (field.Name)
            {
                case "rateLimits": rateLimits = KeyFields.ReadRateLimits(field.Value, errors); break;
                case "quotas": quotas = KeyFields.ReadQuotas(field.Value, errors); break;
                default: errors.Add(field.Name, "Unknown field: an account's rateLimits and quotas can be changed here."); break;
            }
        }
        return new(rateLimits, quotas, errors);
    }

    private static async Task<Results<Ok<Page<AccountResponse>>, ProblemHttpResult>> ListAsync(
        int? limit, string? cursor, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var query = db.Accounts.AsNoTracking();
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, a => a.ToResponse(), cancellationToken));
    }
}

internal static class Emails
{
    public static bool IsValid(string? email) =>
        email is { Length: > 2 and <= 254 } && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && at < email.Length - 1 && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}
