using System.Diagnostics;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL from the machine's Debian packages (<c>initdb</c> and <c>pg_ctl</c>), in a temporary directory on a free
/// port, for the whole test run. It starts only when a test first asks for a database (most runs never do) and is stopped
/// and removed when the run ends. Each host gets a database of its own (<see cref="NewDatabase"/>). PostgreSQL refuses to
/// run as root, so when the tests do (as CI does) it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";

    private static readonly Lazy<Cluster> Shared = new(Start);

    /// <summary>Why PostgreSQL cannot run here (the package to install), or null when it can; a failure under KEYGATE_REQUIRE_SERVICES=1.</summary>
    public static string? Missing() => Services.MissingUnless(Bin("initdb") is not null, "initdb", "postgresql");

    /// <summary>
    /// A connection string to a new, empty database on the shared server (started by the first call). Synchronous, because a
    /// host asks for it while it is being built.
    /// </summary>
    public static string NewDatabase()
    {
        var cluster = Shared.Value;
        var name = "keygate_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        return cluster.ConnectionString(name);
    }

    public ValueTask DisposeAsync()
    {
        if (Shared.IsValueCreated)
        {
            Shared.Value.Stop();
        }
        return ValueTask.CompletedTask;
    }

    private static string? Bin(string program) =>
        Directory.Exists(Binaries)
            ? Directory.GetDirectories(Binaries).OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", program)).FirstOrDefault(File.Exists)
            : null;

    private static Cluster Start()
    {
        if (Missing() is { } missing)
        {
            throw new InvalidOperationException(missing);
        }
        var root = Directory.CreateTempSubdirectory("keygate-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", [ServiceUser, root]);
        }
        var data = Path.Combine(root, "data");
        var port = FreePorts.Next();
        Run(Bin("initdb")!, ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], asRoot);
        // Durability settings off: a test database lives for one run, and fsync is most of a commit's time.
        var settings = $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        Run(Bin("pg_ctl")!, ["-D", data, "-o", settings, "-l", Path.Combine(root, "server.log"), "-w", "start"], asRoot);
        return new Cluster(root, data, port, asRoot);
    }

    private static void Run(string program, string[] arguments, bool asServiceUser = false)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in asServiceUser ? ["-u", ServiceUser, "--", program, .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {output}{errors.Result}");
        }
    }


    private sealed record Cluster(string Root, string Data, int Port, bool AsRoot)
    {
        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
        }.ToString();

        public void Stop()
        {
            NpgsqlConnection.ClearAllPools();
            Run(Bin("pg_ctl")!, ["-D", Data, "-m", "immediate", "-w", "stop"], AsRoot);
            Directory.Delete(Root, recursive: true);
        }
    }
}
