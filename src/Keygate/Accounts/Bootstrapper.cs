using Keygate.Audit;
using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Accounts;

/// <summary>On an empty database, creates the first account and its owner, who is also the first operator.</summary>
internal static partial class Bootstrapper
{
    public static async Task BootstrapKeygateAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        if (await db.Accounts.AnyAsync())
        {
            return;
        }
        var options = scope.ServiceProvider.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var password = options.AdminPassword ?? PasswordHasher.NewOneTimePassword();
        var account = new Account { Id = Ids.New("acc"), Name = options.AccountName, CreatedAt = now };
        var owner = new User
        {
            Id = Ids.New("usr"),
            AccountId = account.Id,
            Email = options.AdminEmail.Trim().ToLowerInvariant(),
            PasswordHash = PasswordHasher.Hash(password),
            Role = UserRole.Owner,
            IsOperator = true,
            MustChangePassword = options.AdminPassword is null,
            CreatedAt = now,
        };
        NewAccount.Add(db, account, owner, now);
        await scope.ServiceProvider.GetRequiredService<AuditLog>().SaveWithAuditAsync(db,
            new AuditEntry(account.Id, AuditEventType.AccountCreated, AuditActorType.System, null, null,
                AuditTargetType.Account, account.Id, AccountChanges.Created(account, owner)),
            CancellationToken.None);

        LogBootstrapped(app.Logger, account.Id, options.AdminEmail);
        if (options.AdminPassword is null)
        {
            // Printed to the console, never logged: log sinks are kept and shipped, a terminal is not.
            Console.WriteLine($"""

                ================================================================
                  Keygate created its first login. The password is shown once.
                    e-mail:   {options.AdminEmail}
                    password: {password}
                ================================================================

                """);
        }
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Empty database: created account {AccountId} with owner {Email}")]
    private static partial void LogBootstrapped(ILogger logger, string accountId, string email);
}
