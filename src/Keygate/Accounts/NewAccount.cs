using Keygate.Audit;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.Accounts;

/// <summary>What every new account starts with, whoever creates it (the bootstrap or an operator).</summary>
internal static class NewAccount
{
    public static void Add(KeygateDbContext db, Account account, User owner, DateTime now)
    {
        db.Accounts.Add(account);
        db.Users.Add(owner);
        db.AuditChains.Add(AuditChain.Start(account.Id));
        // A sandbox number (and its sample templates), so the account's keys can send at once.
        SandboxNumbers.AddTo(db, account.Id, now);
    }
}
