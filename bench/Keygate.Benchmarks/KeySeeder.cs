using System.Diagnostics;
using Keygate.Authorization;
using Keygate.Keys;
using Keygate.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.Benchmarks;

/// <summary>A seeded key whose secret the benchmark kept, so it can verify it.</summary>
internal readonly record struct SeededKey(string Id, string Secret);

/// <summary>
/// Fills a <see cref="BenchmarkDatabase"/> with production keys as Keygate stores them (real ids, SHA-256 of real
/// secrets, one account per <see cref="KeysPerAccount"/> keys), a million in well under a minute: one key and the
/// accounts go in through EF, and every other key is a copy of that row with its own id, name, hash and hint,
/// inserted by one prepared statement in one transaction (20-30 s of CPU for a million). Copying the row keeps every other column in exactly the
/// form EF wrote it (dates, JSON lists), without this code knowing those forms.
/// </summary>
internal static class KeySeeder
{
    public const int KeysPerAccount = 1_000;

    /// <summary>Inserts <paramref name="count"/> keys; returns <paramref name="keep"/> of them, spread evenly over the insertion order.</summary>
    public static async Task<SeededKey[]> SeedKeysAsync(this BenchmarkDatabase database, int count, int keep)
    {
        var started = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        var now = DateTime.UtcNow;
        // Rows go in in id order, accounts and keys alike, so that every index grows at its right-hand edge: the load runs
        // at SQLite's append speed rather than one random B-tree page per row.
        var accounts = Enumerable.Range(0, (count + KeysPerAccount - 1) / KeysPerAccount).Select(_ => BenchmarkKeys.NewAccount(now))
            .OrderBy(a => a.Id, StringComparer.Ordinal).ToArray();
        db.Accounts.AddRange(accounts);
        var template = BenchmarkKeys.NewKey(accounts[0].Id, now, out var templateSecret);
        db.ApiKeys.Add(template);
        await db.SaveChangesAsync();

        var keys = new SeededKey[count - 1];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new(KeyFormat.NewKeyId(KeyEnvironment.Production), KeyFormat.NewSecret(KeyEnvironment.Production));
        }
        Array.Sort(keys, (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var stride = Math.Max(1, count / Math.Max(1, keep));
        var kept = new List<SeededKey>(keep) { new(template.Id, templateSecret) };
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // A throwaway file: no durability during the load, and a page cache that holds it, so nothing spills to disk mid-transaction.
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-1048576; PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;");
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = await CopyOfTemplateAsync(connection, transaction);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var account = insert.Parameters.Add("$account", SqliteType.Text);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
            var hint = insert.Parameters.Add("$hint", SqliteType.Text);
            insert.Parameters.AddWithValue("$template", template.Id);
            insert.Prepare();
            for (var i = 1; i < count; i++)
            {
                var key = keys[i - 1];
                id.Value = key.Id;
                account.Value = accounts[i / KeysPerAccount].Id;
                name.Value = $"bench-{i:D7}";
                hash.Value = SecretHash.Of(key.Secret);
                hint.Value = KeyFormat.Hint(key.Secret);
                insert.ExecuteNonQuery();
                if (i % stride == 0 && kept.Count < keep)
                {
                    kept.Add(key);
                }
            }
            await transaction.CommitAsync();
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-2000;");
        // The host keeps its file in WAL mode (set at start-up); switched after the bulk load, so the load writes the file once.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await db.Database.CloseConnectionAsync();
        Console.WriteLine($"// Seeded {count:N0} keys in {accounts.Length:N0} accounts in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s "
            + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU)");
        return [.. kept];
    }

    /// <summary>An INSERT … SELECT over the table's own columns: the varying ones from parameters, the rest from the template row.</summary>
    private static async Task<string> CopyOfTemplateAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var parameters = new Dictionary<string, string>
        {
            ["Id"] = "$id",
            ["AccountId"] = "$account",
            ["Name"] = "$name",
            ["SecretHash"] = "$hash",
            ["SecretHint"] = "$hint",
        };
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = "SELECT name FROM pragma_table_info('ApiKeys')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => parameters.GetValueOrDefault(c, $"\"{c}\"")));
        return $"INSERT INTO \"ApiKeys\" ({names}) SELECT {values} FROM \"ApiKeys\" WHERE \"Id\" = $template";
    }
}
