using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Reads Keygate's database directly (its SQLite file, or its PostgreSQL database), for what no endpoint shows: rows
/// rolled up or swept away, the file's own integrity. Tests change Keygate's data through its API; the one exception is
/// <see cref="TamperAsync"/>, which plays someone who can write to the database behind Keygate's back.
/// </summary>
public static class StoreQueries
{
    /// <summary>The one value <paramref name="sql"/> selects from the app's database.</summary>
    public static Task<object?> ScalarAsync(this KeygateApp app, string sql) => ScalarAsync(Connect(app), sql);

    /// <summary>The count <paramref name="sql"/> (a <c>SELECT count(*)</c>) selects from the app's database.</summary>
    public static async Task<long> CountAsync(this KeygateApp app, string sql) => (long)(await app.ScalarAsync(sql))!;

    /// <summary>Runs a change (SQL with quoted names, which both stores read alike) straight on the app's database; the rows it changed.</summary>
    public static async Task<int> TamperAsync(this KeygateApp app, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Connect(app);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

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

    /// <summary>
    /// Every file the app's data may have reached: its SQLite file and journals, or on PostgreSQL (after a checkpoint, so
    /// nothing waits in shared memory) its database's files and the server's write-ahead log.
    /// </summary>
    public static async Task<string[]> DataFilesAsync(this KeygateApp app)
    {
        if (app.Store == Store.Sqlite)
        {
            return Directory.GetFiles(app.DataDirectory, "keygate.db*");
        }
        await app.ScalarAsync("CHECKPOINT");
        var data = (string)(await app.ScalarAsync("SELECT current_setting('data_directory')"))!;
        var database = await app.ScalarAsync("SELECT oid FROM pg_database WHERE datname = current_database()");
        return [.. Directory.GetFiles(Path.Combine(data, "base", $"{database}")), .. Directory.GetFiles(Path.Combine(data, "pg_wal"))];
    }

    private static DbConnection Connect(KeygateApp app) => app.Store == Store.PostgreSql
        ? new NpgsqlConnection(app.ConnectionString)
        : new SqliteConnection($"Data Source={app.DatabasePath}");
}
