using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Keygate on a real Kestrel port over its own SQLite file with in-process coordination (or, as <see cref="PostgresKeygateApp"/>,
/// its own PostgreSQL database, coordinating through the run's shared Redis as a deployment of several nodes does), with a fake clock and every log line captured. Tests talk to it only through HTTP, with real credentials;
/// the intent methods below say what they do.
/// </summary>
public class KeygateApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "owner@keygate.test";
    public const string AdminPassword = "correct-horse-battery-staple";

    private HttpClient? _owner;
    private DateTimeOffset _ownerLoggedInAt;
    private bool _started;

    private readonly (string Key, string Value)[] _settings;
    private Action<IServiceCollection>? _services;
    private string? _connectionString;

    public KeygateApp() : this(NewDataDirectory(), [], Store.Sqlite)
    {
    }

    protected KeygateApp(string dataDirectory, (string Key, string Value)[] settings, Store store)
    {
        DataDirectory = dataDirectory;
        _settings = settings;
        Store = store;
        UseKestrel(0);
    }

    /// <summary>The database this host runs on.</summary>
    public Store Store { get; }

    /// <summary>On PostgreSQL, the host's own database, created when first asked for.</summary>
    public string ConnectionString => _connectionString ??= PostgresServer.NewDatabase();

    /// <summary>Another host on the same kind of store as this one, with a new data directory and database: how a test that needs its own host keeps its class's store.</summary>
    public KeygateApp Fresh(params (string Key, string Value)[] settings) => new(NewDataDirectory(), settings, Store);

    /// <summary>
    /// Another host over this one's data directory and database: this one restarted (after it is disposed) or, on PostgreSQL,
    /// a second node beside it.
    /// </summary>
    public KeygateApp Again(params (string Key, string Value)[] settings) =>
        new(DataDirectory, settings, Store) { _connectionString = Store == Store.PostgreSql ? ConnectionString : null };

    /// <summary>A host over an existing data directory, optionally with some settings changed: how a test restarts Keygate.</summary>
    public static KeygateApp At(string dataDirectory, params (string Key, string Value)[] settings) => new(dataDirectory, settings, Store.Sqlite);

    /// <summary>A host with some settings changed, such as a detector's threshold.</summary>
    public static KeygateApp With(params (string Key, string Value)[] settings) => new(NewDataDirectory(), settings, Store.Sqlite);

    /// <summary>A host on its own PostgreSQL database and Redis keyspace, with some settings changed; <see cref="Again"/> starts more nodes on both.</summary>
    public static KeygateApp OnPostgres(params (string Key, string Value)[] settings) => On(Store.PostgreSql, settings);

    /// <summary>A host on the given store, with some settings changed: how a test class that makes its own hosts runs on both stores.</summary>
    public static KeygateApp On(Store store, params (string Key, string Value)[] settings) => new(NewDataDirectory(), settings, store);

    /// <summary>
    /// A host on <paramref name="store"/> whose services <paramref name="change"/> alters once Keygate has registered them: how a
    /// test decorates a seam to count what passes it.
    /// </summary>
    public static KeygateApp WithServices(Action<IServiceCollection> change, Store store = Store.Sqlite) =>
        new(NewDataDirectory(), [], store) { _services = change };

    /// <summary>
    /// A host coordinating through <paramref name="redis"/>, over <paramref name="dataDirectory"/> (a new one when null).
    /// Its keyspace is named after the data directory: hosts over one store share it, as the nodes of one deployment do.
    /// </summary>
    public static KeygateApp WithRedis(RedisServer redis, string? dataDirectory = null, params (string Key, string Value)[] settings)
    {
        redis.SkipIfMissing();
        var directory = dataDirectory ?? NewDataDirectory();
        return new(directory, [.. RedisSettings(redis, directory), .. settings], Store.Sqlite);
    }

    /// <summary>
    /// A host on the given PostgreSQL database (a private cluster's, which a fault test may stop), coordinating through
    /// <paramref name="redis"/>, or in process when it is null.
    /// </summary>
    public static KeygateApp OnDatabase(string connectionString, RedisServer? redis, params (string Key, string Value)[] settings)
    {
        redis?.SkipIfMissing();
        var directory = NewDataDirectory();
        (string Key, string Value)[] coordination = redis is null ? [("Coordination:Provider", "inprocess")] : RedisSettings(redis, directory);
        return new(directory, [.. coordination, .. settings], Store.PostgreSql) { _connectionString = connectionString };
    }

    /// <summary>What makes a host coordinate through <paramref name="redis"/>, in the keyspace of the hosts over <paramref name="dataDirectory"/>.</summary>
    public static (string Key, string Value)[] RedisSettings(RedisServer redis, string dataDirectory) =>
    [
        ("Coordination:Provider", "redis"),
        ("Coordination:Redis:Configuration", redis.Configuration),
        ("Coordination:Redis:KeyPrefix", Path.GetFileName(dataDirectory) + ":"),
    ];

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "keygate.db");

    /// <summary>
    /// Starts at a whole microsecond, the finest time PostgreSQL keeps: times the tests compute from it (a retry's due
    /// time) then read back as they were written on both stores.
    /// </summary>
    public TestClock Clock { get; } = new(WholeMicroseconds(DateTimeOffset.UtcNow));

    public LogCapture Logs { get; } = new();

    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("keygate-test-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory); // as Program.cs chooses (Hosting/ContentRoot), not the project's folder
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        if (Store == Store.PostgreSql)
        {
            builder.UseSetting("Storage:Provider", "postgresql");
            builder.UseSetting("Storage:ConnectionString", ConnectionString);
            foreach (var (key, value) in RedisSettings(RedisServer.Shared, DataDirectory))
            {
                builder.UseSetting(key, value);
            }
        }
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
        builder.UseSetting("Logging:LogLevel:Keygate.Http.RequestLogging", "Trace"); // off as shipped; tests read every line
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
            _services?.Invoke(services);
        });
    }

    /// <summary>A client with no credentials at all, on the real Kestrel port.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, HandleCookies = false });

    /// <summary>The real Kestrel address the host listens on (port chosen by the OS).</summary>
    public Uri BaseAddress
    {
        get
        {
            if (Store == Store.PostgreSql && (PostgresServer.Missing() ?? Infrastructure.Services.Missing("redis-server", "redis-server")) is { } missing)
            {
                Assert.Skip(missing);
            }
            StartServer();
            _started = true;
            return new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }
    }

    /// <summary>What a browser on Keygate's own pages sends as <c>Origin</c>: session clients send it on every request, as browsers do on writes.</summary>
    public string Origin => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// A client logged in as the bootstrap owner (an operator), keeping its session cookie; logged in
    /// again once the fake clock has moved past the session's 12 hours.
    /// </summary>
    public async Task<HttpClient> OwnerAsync()
    {
        if (_owner is null || Clock.GetUtcNow() - _ownerLoggedInAt > TimeSpan.FromHours(11))
        {
            _owner?.Dispose();
            _ownerLoggedInAt = Clock.GetUtcNow();
            _owner = await LoginAsync(AdminEmail, AdminPassword);
        }
        return _owner;
    }

    public async Task<HttpClient> LoginAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress, HandleCookies = true });
        client.DefaultRequestHeaders.Add("Origin", Origin);
        var response = await client.PostAsJsonAsync("/v1/auth/login", new { email, password });
        await response.ShouldHaveStatusAsync(200);
        return client;
    }

    /// <summary>Creates a key as the owner. <paramref name="settings"/> are extra fields of the create body.</summary>
    public async Task<CreatedKey> CreateKeyAsync(object? settings = null, HttpClient? by = null)
    {
        var body = settings is null ? new JsonObject() : JsonSerializer.SerializeToNode(settings)!.AsObject();
        body["name"] ??= "key-" + Guid.NewGuid().ToString("N")[..12];
        body["environment"] ??= "production";
        var response = await (by ?? await OwnerAsync()).PostAsJsonAsync("/v1/keys", body);
        await response.ShouldHaveStatusAsync(201);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new CreatedKey(json.GetProperty("id").GetString()!, json.GetProperty("apiSecret").GetString()!, json);
    }

    /// <summary>A new tenant account and a client logged in as its owner.</summary>
    public async Task<HttpClient> NewAccountOwnerAsync() => (await NewAccountAsync()).Owner;

    /// <summary>A new tenant account, with its owner's login (the handed-out password already replaced) and a client logged in as that owner.</summary>
    public async Task<Tenant> NewAccountAsync()
    {
        var email = $"owner-{Guid.NewGuid():N}@tenant.test";
        var response = await (await OwnerAsync()).PostAsJsonAsync("/v1/accounts", new { name = "Tenant " + email, ownerEmail = email });
        await response.ShouldHaveStatusAsync(201);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var owner = created.GetProperty("owner");
        var (client, password) = await FirstLoginAsync(email, owner.GetProperty("oneTimePassword").GetString()!);
        return new Tenant(created.GetProperty("id").GetString()!, owner.GetProperty("id").GetString()!, email, password, client);
    }

    /// <summary>
    /// Logs in with a handed-out password and replaces it (with <see cref="DashboardSession.OwnPassword"/> of it), as its
    /// holder must before the API answers anything else; the client stays logged in.
    /// </summary>
    public async Task<(HttpClient Client, string Password)> FirstLoginAsync(string email, string handedOut)
    {
        var client = await LoginAsync(email, handedOut);
        var own = DashboardSession.OwnPassword(handedOut);
        await client.PostAsJsonAsync("/v1/auth/password", new { currentPassword = handedOut, newPassword = own }).ShouldHaveStatusAsync(204);
        return (client, own);
    }

    /// <summary>A client that sends the key's credentials in the given form on every request.</summary>
    public HttpClient ClientFor(string keyId, string secret, CredentialForm form = CredentialForm.Bearer)
    {
        var client = Anonymous();
        switch (form)
        {
            case CredentialForm.HeaderPair:
                client.DefaultRequestHeaders.Add("X-API-KEY", keyId);
                client.DefaultRequestHeaders.Add("X-API-SECRET", secret);
                break;
            case CredentialForm.SingleHeader:
                client.DefaultRequestHeaders.Add("X-API-KEY", $"{keyId}.{secret}");
                break;
            case CredentialForm.Basic:
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{keyId}:{secret}")));
                break;
            default:
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}.{secret}");
                break;
        }
        return client;
    }

    public HttpClient ClientFor(CreatedKey key, CredentialForm form = CredentialForm.Bearer) => ClientFor(key.Id, key.Secret, form);

    /// <summary>
    /// A client for the key whose connections come from another loopback address (all of 127.0.0.0/8 is
    /// local on Linux), so the server sees a different source network.
    /// </summary>
    public HttpClient ClientFrom(IPAddress source, CreatedKey key)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{key.Id}.{key.Secret}");
        return client;
    }

    /// <summary>
    /// Stops the host once, the way a real process stops, before the factory tears it down. Otherwise the
    /// factory's stop and the program's own <c>app.Run()</c> both stop the host at once, and whichever
    /// finishes first disposes the services the other's shutdown work (usage flush, quota release) still needs.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _started = false;
            var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStopped.Register(() => stopped.TrySetResult()))
            {
                lifetime.StopApplication();
                await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected override void Dispose(bool disposing)
    {
        _owner?.Dispose();
        base.Dispose(disposing);
    }
}

public enum Store
{
    Sqlite,
    PostgreSql,
}

/// <summary>Keygate on its own PostgreSQL database and Redis keyspace: the class fixture of a test class's PostgreSQL twin.</summary>
public sealed class PostgresKeygateApp() : KeygateApp(NewDataDirectory(), [], Store.PostgreSql);

public enum CredentialForm
{
    HeaderPair,
    SingleHeader,
    Basic,
    Bearer,
}

public sealed record CreatedKey(string Id, string Secret, JsonElement Json);

public sealed record Tenant(string AccountId, string OwnerId, string Email, string Password, HttpClient Owner);
