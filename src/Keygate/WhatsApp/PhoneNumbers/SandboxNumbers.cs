using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>Gives every account its sandbox number: at creation, and on first use for accounts made before numbers existed.</summary>
internal static class SandboxNumbers
{
    /// <summary>The phone-number id and WABA id of a new sandbox number: 15 random digits each, like Meta's.</summary>
    private static PhoneNumber New(string accountId, DateTime now) => new()
    {
        Id = MetaIds.New(),
        AccountId = accountId,
        WabaId = MetaIds.New(),
        DisplayNumber = "+1 555 01" + MetaIds.New(2) + " " + MetaIds.New(4),
        VerifiedName = "Keygate Sandbox",
        Provider = PhoneNumberProvider.Sandbox,
        CreatedAt = now,
    };

    public static async Task<PhoneNumber> EnsureAsync(KeygateDbContext db, string accountId, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.PhoneNumbers.FirstOrDefaultAsync(p => p.AccountId == accountId && p.Provider == PhoneNumberProvider.Sandbox, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        var number = AddTo(db, accountId, now);
        await db.SaveChangesAsync(cancellationToken);
        return number;
    }

    /// <summary>Adds a sandbox number and its sample templates to the context (saved by the caller).</summary>
    public static PhoneNumber AddTo(KeygateDbContext db, string accountId, DateTime now)
    {
        var number = New(accountId, now);
        db.PhoneNumbers.Add(number);
        db.MessageTemplates.AddRange(Templates.TemplateSeeds.For(number, now));
        return number;
    }
}
