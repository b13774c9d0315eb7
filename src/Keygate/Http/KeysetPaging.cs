using Microsoft.EntityFrameworkCore;

namespace Keygate.Http;

/// <summary>A row of a cursor-paged list: ordered by creation time, ties broken by id, which is what a <see cref="Cursor"/> holds.</summary>
internal interface IListedRow
{
    string Id { get; }
    DateTime CreatedAt { get; }
}

/// <summary>
/// Keyset paging for every list of the API: one page after the cursor's row, read with one query that asks for one
/// row more than the page, so "is there a next page" costs no count. Stable under inserts, unlike an offset.
/// </summary>
internal static class KeysetPaging
{
    public static async Task<Page<TOut>> NewestFirstAsync<T, TOut>(this IQueryable<T> query, int take, Cursor? after, Func<T, TOut> map,
        CancellationToken cancellationToken) where T : class, IListedRow
    {
        if (after is { } position)
        {
            query = query.Where(r => r.CreatedAt < position.CreatedAt || (r.CreatedAt == position.CreatedAt && string.Compare(r.Id, position.Id) < 0));
        }
        return PageOf(await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken), take, map);
    }

    public static async Task<Page<TOut>> OldestFirstAsync<T, TOut>(this IQueryable<T> query, int take, Cursor? after, Func<T, TOut> map,
        CancellationToken cancellationToken) where T : class, IListedRow
    {
        if (after is { } position)
        {
            query = query.Where(r => r.CreatedAt > position.CreatedAt || (r.CreatedAt == position.CreatedAt && string.Compare(r.Id, position.Id) > 0));
        }
        return PageOf(await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(take + 1).ToListAsync(cancellationToken), take, map);
    }

    private static Page<TOut> PageOf<T, TOut>(List<T> rows, int take, Func<T, TOut> map) where T : IListedRow =>
        new([.. rows.Take(take).Select(map)], rows.Count > take ? new Cursor(rows[take - 1].CreatedAt, rows[take - 1].Id).Encode() : null);
}
