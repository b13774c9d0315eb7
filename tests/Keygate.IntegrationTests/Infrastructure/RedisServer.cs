using System.Diagnostics;
using System.Globalization;

[assembly: AssemblyFixture(typeof(Keygate.IntegrationTests.Infrastructure.SharedRedis))]

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> from the Debian package, on a free port in a temporary directory, without persistence,
/// started once for the "redis" collection and stopped after it, or once for the whole run as <see cref="Shared"/> (what
/// hosts on PostgreSQL coordinate through). Each data directory gets its own key prefix (<see cref="KeygateApp.WithRedis"/>),
/// so hosts over one store share a keyspace and other tests' hosts do not.
/// Skips (or fails under KEYGATE_REQUIRE_SERVICES=1) when Redis is not installed. A test may stop and start it again
/// on the same port, to see Keygate lose and regain it. <see cref="StartDurableAsync"/> starts one of a test's own that keeps
/// what it holds across a crash (an append-only file, written before each command is answered), as an operator may run it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly Lazy<RedisServer> SharedServer = new(() =>
    {
        var server = new RedisServer();
        server.InitializeAsync().AsTask().GetAwaiter().GetResult(); // hosts ask for it while they are being built
        server.SkipIfMissing();
        return server;
    });

    /// <summary>The server shared by the whole run, started by the first host that asks; nobody stops it before the run ends.</summary>
    public static RedisServer Shared => SharedServer.Value;

    internal static bool SharedStarted => SharedServer.IsValueCreated;

    private readonly string _directory = Directory.CreateTempSubdirectory("keygate-redis-").FullName;
    private readonly bool _durable;
    private Process? _process;

    public RedisServer()
    {
    }

    private RedisServer(bool durable) => _durable = durable;

    /// <summary>A server of the calling test's own with <c>appendonly yes</c> and <c>appendfsync always</c>; it skips the test when Redis is not installed.</summary>
    public static async Task<RedisServer> StartDurableAsync()
    {
        var server = new RedisServer(durable: true);
        await server.InitializeAsync();
        server.SkipIfMissing();
        return server;
    }

    /// <summary>Why the Redis tests cannot run here, or null when they can.</summary>
    public string? Missing { get; private set; }

    public int Port { get; private set; }

    /// <summary>What <c>Coordination:Redis:Configuration</c> is set to.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000";

    public async ValueTask InitializeAsync()
    {
        Missing = Services.Missing("redis-server", "redis-server");
        if (Missing is null)
        {
            Port = FreePorts.Next();
            await StartAsync();
        }
    }

    /// <summary>Skips the calling test when Redis is not installed.</summary>
    public void SkipIfMissing()
    {
        if (Missing is not null)
        {
            Assert.Skip(Missing);
        }
    }

    /// <summary>Starts the server and returns once it accepts connections (its own log line says so).</summary>
    public async Task StartAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("redis-server")
            {
                ArgumentList = { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", _durable ? "yes" : "no", "--appendfsync", "always",
                    "--dir", _directory, "--daemonize", "no" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var output = new List<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("redis-server stopped before it was ready:\n" + string.Join('\n', output)));
                return;
            }
            lock (output)
            {
                output.Add(line.Data);
            }
            if (line.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills the server (as a crash would: nothing it held survives) and waits for it to be gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

}

/// <summary>Stops <see cref="RedisServer.Shared"/> when the run ends, if anything started it.</summary>
public sealed class SharedRedis : IAsyncDisposable
{
    public ValueTask DisposeAsync() => RedisServer.SharedStarted ? RedisServer.Shared.DisposeAsync() : ValueTask.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class RedisTests : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
