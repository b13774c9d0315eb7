using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// A Meta object of an account, with the account's numbers whose stored token reaches it: the number itself, for a
/// number and its media; every number of the WABA, for the WABA and what lives in it (templates, flows, its numbers).
/// </summary>
internal sealed record GraphTarget(string Id, GraphObjectKind Kind, string WabaId, IReadOnlyList<string> Numbers)
{
    /// <summary>A registered number named by its own id: refused to a key bound elsewhere as sends refuse it, not hidden.</summary>
    public bool IsRegisteredNumber { get; init; }
}

/// <summary>
/// Which Graph ids belong to which account. Ownership is never the caller's word: an id is the account's because it is
/// one of its registered Meta numbers or their WABAs, or because Meta named it in an answer to (or a webhook signed for)
/// one of the account's numbers. Sandbox objects are not here: they stay local.
/// </summary>
internal sealed class GraphObjects(KeygateDbContext db, PhoneNumberDirectory directory, GraphObjectConfirmation confirmation, MetaGraphClient client,
    TimeProvider time)
{
    /// <summary>The account's Meta object with this id, or null: unknown, sandbox and another account's ids alike.</summary>
    public async Task<GraphTarget?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        if (!IsGraphId(id))
        {
            return null;
        }
        if (await directory.FindAsync(accountId, id, cancellationToken) is { } number)
        {
            return number.Provider == PhoneNumberProvider.Meta
                ? new GraphTarget(id, GraphObjectKind.PhoneNumber, number.WabaId, [number.Id]) { IsRegisteredNumber = true }
                : null;
        }
        var ofWaba = await NumbersOfWabaAsync(accountId, id, cancellationToken);
        if (ofWaba.Count > 0)
        {
            return new GraphTarget(id, GraphObjectKind.Waba, id, ofWaba);
        }
        var known = await db.GraphObjects.AsNoTracking().FirstOrDefaultAsync(o => o.AccountId == accountId && o.Id == id, cancellationToken)
            ?? await ConfirmAsync(accountId, id, cancellationToken);
        if (known is null)
        {
            return null;
        }
        var numbers = known.Kind == GraphObjectKind.Media ? [known.PhoneNumberId] : await NumbersOfWabaAsync(accountId, known.WabaId, cancellationToken);
        return numbers.Count == 0 ? null : new GraphTarget(id, known.Kind, known.WabaId, numbers);
    }

    /// <summary>The stored record of a learned object (a media object's download address), tracked for an update.</summary>
    public Task<GraphObject?> RecordAsync(string accountId, string id, CancellationToken cancellationToken) =>
        db.GraphObjects.FirstOrDefaultAsync(o => o.AccountId == accountId && o.Id == id, cancellationToken);

    /// <summary>
    /// Records that these ids, named by Meta in an answer to (or a webhook for) <paramref name="phoneNumberId"/>, are the
    /// account's. Adds to the context without saving: the caller saves, with its audit entry when there is one.
    /// Registered numbers and WABAs are not recorded again; an id already known keeps its first record.
    /// </summary>
    public async Task LearnAsync(string accountId, string phoneNumberId, string wabaId, GraphObjectKind kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken)
    {
        var fresh = ids.Where(IsGraphId).Distinct(StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return;
        }
        var known = await db.GraphObjects.Where(o => o.AccountId == accountId && fresh.Contains(o.Id)).Select(o => o.Id)
            .Concat(db.PhoneNumbers.Where(p => p.AccountId == accountId && fresh.Contains(p.Id)).Select(p => p.Id))
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var id in fresh.Except(known, StringComparer.Ordinal).Except(db.GraphObjects.Local.Select(o => o.Id), StringComparer.Ordinal))
        {
            db.GraphObjects.Add(new GraphObject { AccountId = accountId, Id = id, Kind = kind, PhoneNumberId = phoneNumberId, WabaId = wabaId, LearnedAt = now });
        }
    }

    /// <summary>An id Meta shows one of the account's tokens, learned as the account's; null when none of them reads it.</summary>
    private async Task<GraphObject?> ConfirmAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(p => p.AccountId == accountId && p.Provider == PhoneNumberProvider.Meta)
            .OrderBy(p => p.Id).ToListAsync(cancellationToken);
        if (numbers.Count == 0 || await confirmation.ConfirmAsync(client, accountId, id, numbers, cancellationToken) is not var (kind, number))
        {
            return null;
        }
        await LearnAsync(accountId, number.Id, number.WabaId, kind, [id], cancellationToken);
        await SaveAsync(CancellationToken.None);
        return db.GraphObjects.Local.FirstOrDefault(o => o.Id == id)
            ?? await db.GraphObjects.AsNoTracking().FirstOrDefaultAsync(o => o.AccountId == accountId && o.Id == id, cancellationToken);
    }

    /// <summary>Saves what <see cref="LearnAsync"/> added; a racing request that learned the same id first is no failure.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Meta's object ids are digits; anything else is no Graph object Keygate could know.</summary>
    public static bool IsGraphId(string id) => id.Length is > 0 and <= 32 && id.All(char.IsAsciiDigit);

    private Task<List<string>> NumbersOfWabaAsync(string accountId, string wabaId, CancellationToken cancellationToken) =>
        db.PhoneNumbers.AsNoTracking().Where(p => p.AccountId == accountId && p.WabaId == wabaId && p.Provider == PhoneNumberProvider.Meta)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
}
