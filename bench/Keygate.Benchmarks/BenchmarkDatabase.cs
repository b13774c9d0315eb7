using Keygate.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.Benchmarks;

/// <summary>
/// A fresh SQLite file in a temporary data directory, behind the host's own storage registrations and
/// migrated as the host migrates it, so nothing left by an earlier run (or by the host) is measured.
/// </summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _directory;

    private BenchmarkDatabase(string directory, ServiceProvider services)
    {
        _directory = directory;
        Services = services;
    }

    public ServiceProvider Services { get; }

    /// <summary><paramref name="configure"/> adds what the benchmark needs beside storage.</summary>
    public static async Task<BenchmarkDatabase> CreateAsync(Action<IServiceCollection> configure)
    {
        var directory = Path.Combine(Path.GetTempPath(), "keygate-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{StorageOptions.Section}:DataDirectory"] = directory })
            .Build();
        // Storage binds its options from the IConfiguration in the container, as in the host.
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        configure(services);
        services.AddKeygateStorage(configuration);
        var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<KeygateDbContext>().Database.MigrateAsync();
        }
        return new BenchmarkDatabase(directory, provider);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // Pooled connections keep the file open; release them so the directory can go.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
