using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Storage;

internal static class StorageExtensions
{
    public static IServiceCollection AddKeygateStorage(this IServiceCollection services)
    {
        // Session cookies must stay readable across restarts (and, later, across nodes): keep their keys with the data.
        services.AddDataProtection().SetApplicationName("Keygate");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, logs) =>
            keys.XmlRepository = new OwnerOnlyXmlRepository(Path.Combine(storage.Value.FullDataDirectory, "dataprotection-keys"), logs));
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SqlitePragmas>();
        services.AddDbContextPool<KeygateDbContext>((provider, options) =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            options.UseSqlite(SqliteConnectionString(storage));
            options.AddInterceptors(provider.GetRequiredService<SqlitePragmas>());
        });
        return services;
    }

    public static string SqliteConnectionString(StorageOptions storage) =>
        new SqliteConnectionStringBuilder { DataSource = storage.SqlitePath, Pooling = true, ForeignKeys = true }.ToString();

    /// <summary>Creates the data directory and brings the schema up to date before the host takes requests.</summary>
    public static async Task MigrateKeygateStorageAsync(this WebApplication app)
    {
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        DataFiles.CreateDirectory(storage.FullDataDirectory);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        await db.Database.MigrateAsync();
        // Readers never wait for the writer in WAL mode; the setting lives in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        // SQLite creates its files with the process's umask (often world-readable), and later -wal and -shm files with the
        // database file's mode: making the database 0600 here holds for all of them from now on.
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            DataFiles.RestrictIfPresent(storage.SqlitePath + suffix);
        }
    }
}
