using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary><c>GET /v1/keys</c> (newest first, cursor-paged, filtered) and <c>GET /v1/keys/{id}</c>.</summary>
internal static class ListKeys
{
    public static async Task<Results<Ok<Page<KeyResponse>>, ProblemHttpResult>> HandleAsync(
        string? status, string? environment, string? label, string? q, int? limit, string? cursor,
        HttpContext http, KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
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
            query = query.Where(k => EF.Functions.Like(k.Name, pattern, LikePattern.Escape) || EF.Functions.Like(k.Id, prefix, LikePattern.Escape));
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, k => k.ToResponse(now), cancellationToken));
    }

    public static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> GetAsync(
        string id, HttpContext http, KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await KeyAccess.FindAsync(db, Caller.From(http.User), id, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("key");
        }
        http.Response.Headers.ETag = key.ETag;
        return TypedResults.Ok(key.ToResponse(time.GetUtcNow().UtcDateTime));
    }
}
