using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Storage;

internal static class StorageExtensions
{
    public static IServiceCollection AddKeygateStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Session cookies must stay readable across restarts (and, later, across nodes): keep their keys with the data.
        services.AddDataProtection().SetApplicationName("Keygate");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory>((keys, storage, logs) =>
            keys.XmlRepository = new OwnerOnlyXmlRepository(Path.Combine(storage.Value.FullDataDirectory, "dataprotection-keys"), logs));
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The provider decides the context's type (each has its own migrations), so it is read here rather than when resolved.
        if (configuration.GetSection(StorageOptions.Section)[nameof(StorageOptions.Provider)] == StorageOptions.PostgreSql)
        {
            services.AddSingleton<PostgresTimePrecision>();
            services.AddSingleton<PostgresPoolReset>();
            services.AddDbContextPool<KeygateDbContext, PostgresKeygateDbContext>((provider, options) =>
            {
                options.UseNpgsql(provider.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString);
                options.AddInterceptors(provider.GetRequiredService<PostgresTimePrecision>(), provider.GetRequiredService<PostgresPoolReset>());
            });
            services.AddExceptionHandler<StoreOutage>();
        }
        else
        {
            services.AddSingleton<SqlitePragmas>();
            services.AddDbContextPool<KeygateDbContext>((provider, options) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                options.UseSqlite(SqliteConnectionString(storage));
                options.AddInterceptors(provider.GetRequiredService<SqlitePragmas>());
            });
        }
        return services;
    }

    public static string SqliteConnectionString(StorageOptions storage) =>
        new SqliteConnectionStringBuilder { DataSource = storage.SqlitePath, Pooling = true, ForeignKeys = true }.ToString();

    /// <summary>
    /// Creates the data directory and brings the schema up to date (or, with <c>Storage:MigrateOnStart=false</c>, checks that it
    /// is) before the host takes requests. With <c>migrate</c> as the first argument it migrates and returns false: the
    /// process stops there, for operators who migrate separately.
    /// </summary>
    public static async Task<bool> PrepareKeygateStorageAsync(this WebApplication app, string[] args)
    {
        var migrateOnly = args is [MigrateCommand, ..];
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        DataFiles.CreateDirectory(storage.FullDataDirectory);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KeygateDbContext>();
        if (migrateOnly || storage.MigrateOnStart)
        {
            await db.Database.MigrateAsync();
        }
        else if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            throw new InvalidOperationException($"The database schema is not current and Storage:MigrateOnStart is false: run 'Keygate {MigrateCommand}' first.");
        }
        if (!storage.IsPostgreSql)
        {
            await SecureSqliteAsync(db, storage);
        }
        return !migrateOnly;
    }

    public const string MigrateCommand = "migrate";

    private static async Task SecureSqliteAsync(KeygateDbContext db, StorageOptions storage)
    {
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
