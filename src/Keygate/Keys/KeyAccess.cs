using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;

namespace Keygate.Keys;

/// <summary>The rules every key operation shares: account isolation and no escalation.</summary>
internal static class KeyAccess
{
    /// <summary>The caller's own account's key, or null: another account's key is indistinguishable from one that never existed.</summary>
    public static async Task<ApiKey?> FindAsync(KeygateDbContext db, Caller caller, string id, CancellationToken cancellationToken) =>
        KeyFormat.IsKeyId(id)
            ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.AccountId == caller.AccountId, cancellationToken)
            : null;

    /// <summary>
    /// The key a change is about, or why there is none to change: it is not the caller's (or does not exist), or it
    /// changed since the version <paramref name="ifMatch"/> names.
    /// </summary>
    public static async Task<(ApiKey? Key, Refusal? Refusal)> FindToChangeAsync(KeygateDbContext db, Caller caller, string id, IfMatch ifMatch,
        CancellationToken cancellationToken)
    {
        var key = await FindAsync(db, caller, id, cancellationToken);
        return key is null ? (null, Refusal.NotFound("key"))
            : ifMatch.IsStale(key.ETag) ? (null, Refusal.Stale)
            : (key, null);
    }

    /// <summary>
    /// May the caller touch this existing key at all (edit, rotate, disable, enable, revoke)? Not a key whose
    /// permissions it lacks (rotating it would hand over that key's powers), not a production key from a
    /// non-production key, and, for a managing key, not a key that reaches further than itself.
    /// </summary>
    public static Refusal? RefuseTouching(Actor actor, KeySnapshot? callingKey, ApiKey key) =>
        RefuseEnvironment(actor.Caller, key.Environment) ? EnvironmentRefusal()
        : RefuseEscalation(actor.Caller, key.Permissions) ?? RefuseWidening(callingKey, KeyDraft.From(key));

    /// <summary>
    /// May the caller hand out these settings (a new key, or an existing one as edited)? Only permissions it
    /// holds, only non-production keys from a non-production key, and from a managing key only what is at least
    /// as restricted as itself (it cannot loosen its own key either: its edit is checked against its old self).
    /// </summary>
    public static Refusal? RefuseGranting(Actor actor, KeySnapshot? callingKey, KeyDraft draft) =>
        draft.Environment is { } environment && RefuseEnvironment(actor.Caller, environment) ? EnvironmentRefusal()
        : RefuseEscalation(actor.Caller, draft.Permissions) ?? RefuseWidening(callingKey, draft);

    /// <summary>A non-production key never sees into or changes a production key (a leaked test key must not reach production).</summary>
    public static bool RefuseEnvironment(Caller caller, KeyEnvironment target) =>
        caller.Environment is not null and not KeyEnvironment.Production && target is KeyEnvironment.Production;

    private static Refusal EnvironmentRefusal() =>
        Refusal.Forbidden(ProblemCodes.EnvironmentNotAllowed, "A non-production key cannot create or change production keys.");

    private static Refusal? RefuseEscalation(Caller caller, IEnumerable<string> permissions)
    {
        // By name, not by bits: a template category's bits are part of messages:send-template's, and the refusal names what was asked.
        var beyond = permissions.Where(name => !caller.Holds(PermissionCatalog.Parse([name]))).Distinct(StringComparer.Ordinal).ToList();
        return beyond.Count == 0 ? null
            : Refusal.Forbidden(ProblemCodes.InsufficientPermissions, $"You cannot grant or manage permissions you do not hold: {string.Join(", ", beyond)}.");
    }

    private static Refusal? RefuseWidening(KeySnapshot? callingKey, KeyDraft target)
    {
        // Only a key carries restrictions of its own; a dashboard session is not one.
        if (callingKey is not { } manager)
        {
            return null;
        }
        var wider = KeyNarrowing.WiderFields(manager, target);
        return wider.Count == 0 ? null : Refusal.Forbidden(ProblemCodes.InsufficientPermissions,
            $"A key may only hand out what is at least as restricted as itself; this would reach further in: {string.Join(", ", wider)}.");
    }

    /// <summary>
    /// A key may be bound only to the account's own numbers: a binding to an unknown id would bind to nothing now,
    /// and to whoever registers that id later. Numbers the key is already bound to are not asked about again.
    /// </summary>
    public static async Task CheckNumbersAsync(IAccountPhoneNumbers numbers, string accountId, KeyDraft draft, IEnumerable<string> alreadyBound,
        FieldErrors errors, CancellationToken cancellationToken)
    {
        var added = draft.PhoneNumberIds.Except(alreadyBound, StringComparer.Ordinal).ToList();
        foreach (var id in await numbers.UnknownAsync(accountId, added, cancellationToken))
        {
            errors.Add($"phoneNumberIds[{draft.PhoneNumberIds.IndexOf(id)}]", "No phone number of this account has this id; GET /v1/phone-numbers lists them.");
        }
    }

    public static Refusal RevokedConflict() => Refusal.Conflict("This key is revoked; revocation is final.");

    /// <summary>True when the failure was the per-account name uniqueness (checked again after a racing insert).</summary>
    public static Task<bool> NameTakenAsync(KeygateDbContext db, string accountId, string name, string? exceptId, CancellationToken cancellationToken) =>
        db.ApiKeys.AnyAsync(k => k.AccountId == accountId && k.Name == name && k.Status != KeyStatus.Revoked && k.Id != exceptId, cancellationToken);

    public static Refusal NameConflict() => Refusal.Conflict("Another key in this account already has this name.");
}
