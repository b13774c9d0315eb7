using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Reads Keygate's database directly (its SQLite file, or its PostgreSQL database), for what no endpoint shows: rows
/// rolled up or swept away, the file's own integrity. Only to read: tests change Keygate's data through its API.
/// </summary>
public static class StoreQueries
{
    /// <summary>The one value <paramref name="sql"/> selects from the app's database.</summary>
    public static Task<object?> ScalarAsync(this KeygateApp app, string sql) => app.Store == Store.PostgreSql
        ? ScalarAsync(new NpgsqlConnection(app.ConnectionString), sql)
        : ScalarAsync(app.DatabasePath, sql);

    /// <summary>The count <paramref name="sql"/> (a <c>SELECT count(*)</c>) selects from the app's database.</summary>
    public static async Task<long> CountAsync(this KeygateApp app, string sql) => (long)(await app.ScalarAsync(sql))!;

    /// <summary>The one value <paramref name="sql"/> selects from the database file at <paramref name="databasePath"/>.</summary>
    public static Task<object?> ScalarAsync(string databasePath, string sql) =>
        ScalarAsync(new SqliteConnection($"Data Source={databasePath}"), sql);

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }
    }
}
