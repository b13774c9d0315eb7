using System.Diagnostics;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL from the machine's Debian packages (<c>initdb</c> and <c>pg_ctl</c>), in a temporary directory on a free
/// port, for the whole test run. It starts only when a test first asks for a database (most runs never do) and is stopped
/// and removed when the run ends. Each host gets a database of its own (<see cref="NewDatabase"/>). PostgreSQL refuses to
/// run as root, so when the tests do (as CI does) it runs as the <c>postgres</c> user. A test that stops PostgreSQL starts a
/// cluster of its own (<see cref="StartPrivate"/>): the shared one is never stopped, since every PostgreSQL test uses it at once.
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
    public static string NewDatabase() => Shared.Value.NewDatabase();

    /// <summary>A cluster of the calling test's own, which it may stop and start again; it skips the test when PostgreSQL is not installed.</summary>
    public static Cluster StartPrivate()
    {
        if (Missing() is { } missing)
        {
            Assert.Skip(missing);
        }
        return Start();
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
        Run(Bin("initdb")!, ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"], asRoot);
        var cluster = new Cluster(root, data, FreePorts.Next(), asRoot);
        cluster.Launch();
        return cluster;
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


    /// <summary>One PostgreSQL server: its directory, data and port.</summary>
    public sealed class Cluster(string root, string data, int port, bool asRoot) : IAsyncDisposable
    {
        private bool _running;

        /// <summary>A connection string to a new, empty database on this cluster.</summary>
        public string NewDatabase()
        {
            var name = "keygate_" + Guid.NewGuid().ToString("N");
            using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
            {
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                create.ExecuteNonQuery();
            }
            return ConnectionString(name);
        }

        /// <summary>
        /// Stops the server as an operator's restart does (<c>pg_ctl stop -m fast</c>: open sessions are ended with
        /// "terminating connection due to administrator command") and returns once it refuses connections.
        /// </summary>
        public Task StopAsync() => Task.Run(() => Halt("fast"));

        /// <summary>Starts the stopped server again on the same port and returns once it accepts connections.</summary>
        public Task StartAsync() => Task.Run(Launch);

        internal void Launch()
        {
            // Durability settings off: a test database lives for one run, and fsync is most of a commit's time.
            var settings = $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500";
            Run(Bin("pg_ctl")!, ["-D", data, "-o", settings, "-l", Path.Combine(root, "server.log"), "-w", "start"], asRoot);
            _running = true;
        }

        private void Halt(string mode)
        {
            if (_running)
            {
                Run(Bin("pg_ctl")!, ["-D", data, "-m", mode, "-w", "stop"], asRoot);
                _running = false;
            }
        }

        /// <summary>Stops the server (if it runs) and removes its files; the pools of other clusters are left alone.</summary>
        public ValueTask DisposeAsync()
        {
            Halt("immediate");
            Directory.Delete(root, recursive: true);
            return ValueTask.CompletedTask;
        }

        public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = database,
            // Every host has its own database, so its own pool; a class's host lives as long as its tests run, and a pool
            // keeps idle connections five minutes by default: closed sooner, the run's hosts stay within max_connections.
            ConnectionIdleLifetime = 10,
            ConnectionPruningInterval = 5,
        }.ToString();

        /// <summary>The shared server's end, with the run: every pool is cleared first.</summary>
        public void Stop()
        {
            NpgsqlConnection.ClearAllPools();
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
