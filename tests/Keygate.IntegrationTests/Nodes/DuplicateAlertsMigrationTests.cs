using Keygate.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Keygate.IntegrationTests.Nodes;

/// <summary>
/// Before one open alert per key and kind was enforced, nodes seeing the same misuse at once could each open one. The
/// migration that builds the unique index keeps the first of them open and resolves the others as duplicates.
/// </summary>
public sealed class DuplicateAlertsMigrationTests
{
    [Fact]
    public async Task OpenAlertsRaisedTwiceBeforeTheIndex_KeepTheFirstOpen_AndTheOthersResolvedAsDuplicates()
    {
        if (PostgresServer.Missing() is { } missing)
        {
            Assert.Skip(missing);
        }
        await using var db = new PostgresKeygateDbContext(new DbContextOptionsBuilder<PostgresKeygateDbContext>()
            .UseNpgsql(PostgresServer.NewDatabase()).Options);
        var migrator = db.GetService<IMigrator>();
        var cancellation = TestContext.Current.CancellationToken;
        await migrator.MigrateAsync("20261203135028_Initial", cancellation);
        // Raw SQL reads braces as placeholders: '{{}}' is an empty JSON object.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "Alerts" ("Id", "AccountId", "KeyId", "Kind", "Severity", "Evidence", "Action", "Occurrences", "CreatedAt", "LastSeenAt")
            VALUES ('alr_first', 'acc_1', 'key_1', 7, 3, '{{}}', 0, 1, '2026-12-01 10:00:00+00', '2026-12-01 10:05:00+00'),
                   ('alr_again', 'acc_1', 'key_1', 7, 3, '{{}}', 0, 1, '2026-12-01 10:00:01+00', '2026-12-01 10:06:00+00'),
                   ('alr_other', 'acc_1', 'key_1', 5, 2, '{{}}', 0, 1, '2026-12-01 10:00:02+00', '2026-12-01 10:00:02+00')
            """, cancellation);

        await migrator.MigrateAsync(cancellationToken: cancellation);

        var alerts = await db.Database.SqlQueryRaw<string>("""
            SELECT "Id" || ' ' || coalesce("ResolvedBy", 'open') || ' ' || coalesce(to_char("ResolvedAt" AT TIME ZONE 'UTC', 'HH24:MI'), '-') AS "Value"
            FROM "Alerts" ORDER BY "Id"
            """).ToListAsync(cancellation);
        Assert.Equal(["alr_again duplicate 10:06", "alr_first open -", "alr_other open -"], alerts);
    }
}
