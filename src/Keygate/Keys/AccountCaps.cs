using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Keys;

/// <summary>
/// How much one account may keep (<c>AccountCaps</c> in configuration): what accumulates in the store and on disk,
/// so that one tenant cannot fill a host that others share. Rates and quotas are each key's and account's own limits.
/// </summary>
internal sealed class AccountCapOptions
{
    public const string Section = "AccountCaps";

    /// <summary>API keys that are not revoked (revoked keys stay for the audit trail, but no longer count).</summary>
    public int Keys { get; set; } = 500;

    /// <summary>Message templates on the account's sandbox WABAs.</summary>
    public int Templates { get; set; } = 1000;

    public int Contacts { get; set; } = 100_000;

    /// <summary>Bytes of uploaded media kept at once (2 GiB).</summary>
    public long MediaBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Webhook subscriptions; this also bounds the fan-out one event can cause.</summary>
    public int Webhooks { get; set; } = 20;

    public bool IsValid => Keys > 0 && Templates > 0 && Contacts > 0 && MediaBytes > 0 && Webhooks > 0;
}

internal enum AccountCap
{
    Keys,
    Templates,
    Contacts,
    MediaBytes,
    Webhooks,
}

/// <summary>A refusal because the account holds as much as its cap allows: 409, since freeing room makes the same request succeed.</summary>
internal sealed record AccountCapReached(string Code, string Detail)
{
    public const int Status = StatusCodes.Status409Conflict;

    public ProblemHttpResult Problem() => Problems.Create(Status, Code, Detail);
}

internal static class AccountCaps
{
    /// <summary>
    /// Whether adding <paramref name="adding"/> (one object, or media bytes) to the caller's account would pass its cap.
    /// Checked before the insert, not with it: concurrent creates may pass a cap by a few, never by a flood.
    /// </summary>
    public static Task<AccountCapReached?> ReachedAsync(HttpContext http, KeygateDbContext db, AccountCap cap, CancellationToken cancellationToken, long adding = 1) =>
        ReachedAsync(http.RequestServices.GetRequiredService<IOptions<AccountCapOptions>>().Value, db, Caller.From(http.User).AccountId, cap,
            cancellationToken, adding);

    /// <summary>The same, for a lifecycle service that knows the account but not the request.</summary>
    public static async Task<AccountCapReached?> ReachedAsync(AccountCapOptions caps, KeygateDbContext db, string accountId, AccountCap cap,
        CancellationToken cancellationToken, long adding = 1)
    {
        var (held, max) = cap switch
        {
            AccountCap.Keys => (await db.ApiKeys.LongCountAsync(k => k.AccountId == accountId && k.Status != KeyStatus.Revoked, cancellationToken), caps.Keys),
            AccountCap.Templates => (await db.MessageTemplates.LongCountAsync(t => t.AccountId == accountId, cancellationToken), caps.Templates),
            AccountCap.Contacts => (await db.Contacts.LongCountAsync(c => c.AccountId == accountId, cancellationToken), caps.Contacts),
            AccountCap.MediaBytes => (await db.MediaObjects.Where(m => m.AccountId == accountId).SumAsync(m => (long?)m.FileSize, cancellationToken) ?? 0, caps.MediaBytes),
            _ => (await db.WebhookSubscriptions.LongCountAsync(s => s.AccountId == accountId, cancellationToken), caps.Webhooks),
        };
        if (held + adding <= max)
        {
            return null;
        }
        return cap switch
        {
            AccountCap.Keys => new(ProblemCodes.KeyLimitReached, $"The account has {held} active keys, its limit; revoke one first."),
            AccountCap.Templates => new(ProblemCodes.TemplateLimitReached, $"The account has {held} templates, its limit; delete one first."),
            AccountCap.Contacts => new(ProblemCodes.ContactLimitReached, $"The account has {held} contacts, its limit; delete some first."),
            AccountCap.MediaBytes => new(ProblemCodes.MediaStorageFull, $"The account's media would take more than its {max} bytes; delete some first."),
            _ => new(ProblemCodes.WebhookLimitReached, $"The account has {held} webhook subscriptions, its limit; delete one first."),
        };
    }
}
