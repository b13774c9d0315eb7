using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>What a key list is narrowed by; each filter is optional, and one that cannot be read is a field error.</summary>
internal sealed record KeyFilter(string? Status, string? Environment, string? Label, string? Q);

/// <summary>The caller's account's keys, newest first, cursor-paged and filtered: <c>GET /v1/keys</c> and the dashboard's list.</summary>
internal sealed class ListKeys(KeygateDbContext db, TimeProvider time)
{
    public async Task<Outcome<Page<KeyResponse>>> ListAsync(Caller caller, KeyFilter filter, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var (status, environment, label, q) = filter;
        var now = time.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var query = db.ApiKeys.AsNoTracking().Where(k => k.AccountId == caller.AccountId);

        if (status is not null)
        {
            if (!KeyNames.TryParse<KeyStatus>(status, out var wanted))
            {
                errors.Add("status", $"One of {KeyNames.Choices<KeyStatus>()}.");
            }
            query = wanted switch
            {
                KeyStatus.Active => query.Where(k => k.Status == KeyStatus.Active && (k.ExpiresAt == null || k.ExpiresAt > now)),
                KeyStatus.Expired => query.Where(k => k.Status == KeyStatus.Active && k.ExpiresAt <= now),
                _ => query.Where(k => k.Status == wanted),
            };
        }
        if (environment is not null)
        {
            if (!KeyNames.TryParse<KeyEnvironment>(environment, out var env))
            {
                errors.Add("environment", $"One of {KeyNames.Choices<KeyEnvironment>()}.");
            }
            query = query.Where(k => k.Environment == env);
        }
        if (label is not null)
        {
            var parts = label.Split(':', 2);
            if (parts.Length != 2)
            {
                errors.Add("label", "Written name:value, like team:billing.");
            }
            else
            {
                var (name, value) = (parts[0], parts[1]);
                query = query.Where(k => k.Labels.Any(l => l.Name == name && l.Value == value));
            }
        }
        if (q is not null)
        {
            if (q.Length is 0 or > 100)
            {
                errors.Add("q", "1 to 100 characters.");
            }
            var pattern = LikePattern.Containing(q);
            var prefix = LikePattern.StartingWith(q);
            query = query.WhereAnyLike(db, LikePattern.Escape, (k => k.Name, pattern), (k => k.Id, prefix));
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        return Outcome.Done(await query.NewestFirstAsync(take, after, k => k.ToResponse(now), cancellationToken));
    }
}
