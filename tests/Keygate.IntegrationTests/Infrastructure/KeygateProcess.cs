using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Keygate as a separate operating-system process, for what an in-process host cannot show: being killed
/// with SIGKILL. Runs the same build the test project references.
/// </summary>
public sealed class KeygateProcess : IAsyncDisposable
{
    private readonly Process _process;

    private KeygateProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<KeygateProcess> StartAsync(string dataDirectory)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Keygate.dll"), "--urls", address.ToString(),
            $"--Storage:DataDirectory={dataDirectory}", $"--Bootstrap:AdminEmail={KeygateApp.AdminEmail}",
            $"--Bootstrap:AdminPassword={KeygateApp.AdminPassword}", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        })
        {
            start.ArgumentList.Add(argument);
        }
        // The host says when it has started (Kestrel listening): that line is what the start awaits, not a poll.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var keygate = new KeygateProcess(process, address);
        var exited = process.WaitForExitAsync();
        try
        {
            if (await Task.WhenAny(started.Task, exited).WaitAsync(TimeSpan.FromSeconds(60)) == exited)
            {
                throw new InvalidOperationException($"Keygate exited with code {process.ExitCode} while starting.");
            }
            using var probe = new HttpClient { BaseAddress = address };
            (await probe.GetAsync("/healthz")).EnsureSuccessStatusCode();
            return keygate;
        }
        catch
        {
            await keygate.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs Keygate with these arguments alone (a command such as <c>migrate</c>) to its end: its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Keygate.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output + await errors);
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the host stops gracefully.</summary>
    public async Task StopAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async Task<HttpClient> LoginAsync()
    {
        var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("Origin", Address.GetLeftPart(UriPartial.Authority));
        await client.PostAsJsonAsync("/v1/auth/login", new { email = KeygateApp.AdminEmail, password = KeygateApp.AdminPassword }).ShouldHaveStatusAsync(200);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
