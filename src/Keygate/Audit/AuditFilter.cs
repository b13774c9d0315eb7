using System.Globalization;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Audit;

/// <summary>The query-string filters shared by <c>GET /v1/audit</c> and its export.</summary>
/// <param name="Type">An event name, such as <c>key.rotated</c>.</param>
/// <param name="Actor">The id of the user or key that acted.</param>
/// <param name="Target">The id of what was acted on, such as a key id.</param>
/// <param name="From">ISO-8601; entries at or after it.</param>
/// <param name="To">ISO-8601; entries before it.</param>
internal sealed record AuditFilter(string? Type, string? Actor, string? Target, string? From, string? To)
{
    private const int MaxIdLength = 100;

    /// <summary>The caller's own account's entries that match, or field errors. Another account's entries are never in it.</summary>
    public IQueryable<AuditEvent> Query(KeygateDbContext db, Caller caller, FieldErrors errors)
    {
        var query = db.AuditEvents.AsNoTracking().Where(e => e.AccountId == caller.AccountId);
        if (Type is not null)
        {
            if (!AuditNames.TryParse(Type, out var type))
            {
                errors.Add("type", $"One of {AuditNames.Choices}.");
            }
            query = query.Where(e => e.Type == type);
        }
        if (Actor is not null)
        {
            CheckId(Actor, "actor", errors);
            query = query.Where(e => e.ActorId == Actor);
        }
        if (Target is not null)
        {
            CheckId(Target, "target", errors);
            query = query.Where(e => e.TargetId == Target);
        }
        var from = ReadTime(From, "from", errors);
        var to = ReadTime(To, "to", errors);
        if (from is not null)
        {
            query = query.Where(e => e.OccurredAt >= from);
        }
        if (to is not null)
        {
            query = query.Where(e => e.OccurredAt < to);
        }
        if (from >= to)
        {
            errors.Add("to", "Must be later than from.");
        }
        return query;
    }

    private static void CheckId(string id, string field, FieldErrors errors)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            errors.Add(field, $"1 to {MaxIdLength} characters.");
        }
    }

    private static DateTime? ReadTime(string? text, string field, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime;
        }
        errors.Add(field, "An ISO-8601 time, such as 2026-01-31T00:00:00Z.");
        return null;
    }
}
