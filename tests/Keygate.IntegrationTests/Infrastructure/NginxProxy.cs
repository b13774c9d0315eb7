using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// nginx from the Debian package, in a temporary directory, running <c>deploy/nginx-keygate.conf</c> as shipped with only
/// what must differ here put in: the nodes' ports for the upstream's, free ports for 80 and 443, a self-signed certificate.
/// Started as a daemon: the command returns once the listening sockets are bound. Skips (or fails under
/// KEYGATE_REQUIRE_SERVICES=1) when nginx is not installed.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _program;
    private byte[] _certificate = [];

    private NginxProxy(string program, string directory, int httpsPort)
    {
        _program = program;
        _directory = directory;
        Address = new Uri($"https://127.0.0.1:{httpsPort}");
    }

    /// <summary>The TLS side, as clients reach it.</summary>
    public Uri Address { get; }

    /// <summary>nginx's path, or null: it lives in /usr/sbin, which is not on every user's PATH.</summary>
    private static string? Program() =>
        new[] { "/usr/sbin/nginx" }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "nginx"))).FirstOrDefault(File.Exists);

    public static void SkipIfMissing()
    {
        if (Services.MissingUnless(Program() is not null, "nginx", "nginx") is { } missing)
        {
            Assert.Skip(missing);
        }
    }

    /// <summary>Starts nginx in front of <paramref name="nodes"/> (three, as the sample config has).</summary>
    public static async Task<NginxProxy> StartAsync(params Uri[] nodes)
    {
        SkipIfMissing();
        var directory = Directory.CreateTempSubdirectory("keygate-nginx-").FullName;
        var proxy = new NginxProxy(Program()!, directory, FreePorts.Next());
        proxy._certificate = WriteCertificate(directory);
        var shipped = await File.ReadAllTextAsync(Path.Combine(PublishedKeygate.RepositoryRoot, "deploy", "nginx-keygate.conf"));
        var config = Substitute(shipped, new()
        {
            ["server 127.0.0.1:5081 "] = $"server 127.0.0.1:{nodes[0].Port} ",
            ["server 127.0.0.1:5082 "] = $"server 127.0.0.1:{nodes[1].Port} ",
            ["server 127.0.0.1:5083 "] = $"server 127.0.0.1:{nodes[2].Port} ",
            ["listen 80;"] = $"listen 127.0.0.1:{FreePorts.Next()};",
            ["listen 443 ssl http2;"] = $"listen 127.0.0.1:{proxy.Address.Port} ssl http2;",
            // The test machine may have no IPv6.
            ["listen [::]:80;"] = "",
            ["listen [::]:443 ssl http2;"] = "",
            ["/etc/ssl/keygate/fullchain.pem"] = Path.Combine(directory, "cert.pem"),
            ["/etc/ssl/keygate/privkey.pem"] = Path.Combine(directory, "key.pem"),
        });
        await File.WriteAllTextAsync(Path.Combine(directory, "keygate.conf"), config);
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            worker_processes 1;
            events { worker_connections 256; }
            http {
                access_log {{directory}}/access.log;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/keygate.conf;
            }
            """);
        await proxy.RunAsync();
        return proxy;
    }

    /// <summary>Every piece that differs here must be in the shipped file, so the test never runs a config of its own.</summary>
    private static string Substitute(string shipped, Dictionary<string, string> replacements)
    {
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, shipped, StringComparison.Ordinal);
            shipped = shipped.Replace(from, to, StringComparison.Ordinal);
        }
        return shipped;
    }

    /// <summary>Writes a self-signed certificate and its key for nginx; returns the certificate, which clients then trust alone.</summary>
    private static byte[] WriteCertificate(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate.RawData;
    }

    /// <summary>A client of the TLS side that trusts its self-signed certificate, and no other.</summary>
    public HttpClient Client(CreatedKey key)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(_certificate) },
        };
        var client = new HttpClient(handler) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", $"{key.Id}.{key.Secret}");
        return client;
    }

    private Task RunAsync(params string[] signal) => Nginx([.. signal, "-p", _directory, "-c", Path.Combine(_directory, "nginx.conf"), "-e",
        Path.Combine(_directory, "error.log")]);

    private async Task Nginx(string[] arguments)
    {
        var start = new ProcessStartInfo(_program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var log = Path.Combine(_directory, "error.log");
        var said = await errors + (File.Exists(log) ? await File.ReadAllTextAsync(log) : "");
        Assert.True(process.ExitCode == 0, string.Create(CultureInfo.InvariantCulture, $"nginx {string.Join(' ', arguments)} exited {process.ExitCode}: {said}"));
    }

    /// <summary>Stops nginx (its master, by the pid it wrote) and removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await RunAsync("-s", "stop");
        Directory.Delete(_directory, recursive: true);
    }
}
