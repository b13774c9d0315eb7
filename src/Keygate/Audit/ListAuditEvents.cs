using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Audit;

/// <summary>The caller's account's entries, newest first, filtered and cursor-paged (<c>GET /v1/audit</c> and the dashboard's audit page).</summary>
internal sealed class ListAuditEvents(KeygateDbContext db)
{
    private const string CursorPrefix = "audit|";

    public async Task<Outcome<Page<AuditEventResponse>>> ListAsync(Caller caller, AuditFilter filter, int? limit, string? cursor,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var take = Paging.ReadLimit(limit, errors);
        var query = filter.Query(db, caller, errors);
        if (!TryDecode(cursor, out var before))
        {
            errors.Add("cursor", "Not a cursor this API returned.");
        }
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }
        if (before is { } sequence)
        {
            query = query.Where(e => e.Sequence < sequence);
        }
        var rows = await query.OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(cancellationToken);
        var items = rows.Take(take).Select(e => e.ToResponse()).ToList();
        var next = rows.Count > take ? Encode(rows[take - 1].Sequence) : null;
        return Outcome.Done(new Page<AuditEventResponse>(items, next));
    }

    // The sequence is the page position: unique within the account and in the trail's own order, unlike the time.
    private static string Encode(long sequence) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(CursorPrefix + sequence.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecode(string? text, out long? sequence)
    {
        sequence = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (text.Length > 100 || !Base64Url.IsValid(text))
        {
            return false;
        }
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        if (!decoded.StartsWith(CursorPrefix, StringComparison.Ordinal)
            || !long.TryParse(decoded.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        sequence = value;
        return true;
    }
}
