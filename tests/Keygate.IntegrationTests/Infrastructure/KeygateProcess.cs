using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Keygate as a separate operating-system process, for what an in-process host cannot show: being killed
/// with SIGKILL, or started as an operator starts it. Runs the same build the test project references, or the
/// program a test names.
/// </summary>
public sealed class KeygateProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private KeygateProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Keygate over <paramref name="dataDirectory"/>, with <paramref name="settings"/> on its command line (a store, a Redis).</summary>
    public static Task<KeygateProcess> StartAsync(string dataDirectory, params (string Key, string Value)[] settings)
    {
        var address = FreeAddress();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dataDirectory };
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "Keygate.dll"), "--urls", address.ToString(),
            $"--Storage:DataDirectory={dataDirectory}", $"--Bootstrap:AdminEmail={KeygateApp.AdminEmail}",
            $"--Bootstrap:AdminPassword={KeygateApp.AdminPassword}", "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            .. settings.Select(setting => $"--{setting.Key}={setting.Value}"),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return StartAsync(start, address);
    }

    /// <summary>
    /// Keygate started exactly as <paramref name="start"/> says (program, arguments, working directory, environment),
    /// listening on <paramref name="address"/> because the start says so; its output is kept in <see cref="Output"/>.
    /// </summary>
    public static async Task<KeygateProcess> StartAsync(ProcessStartInfo start, Uri address)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // The host says when it has started (Kestrel listening): that line is what the start awaits, not a poll.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start)!;
        var keygate = new KeygateProcess(process, address);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            keygate._output.Enqueue(line.Data);
            if (line.Data.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                keygate._output.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        try
        {
            if (await Task.WhenAny(started.Task, exited).WaitAsync(TimeSpan.FromSeconds(60)) == exited)
            {
                throw new InvalidOperationException($"Keygate exited with code {process.ExitCode} while starting:\n{string.Join('\n', keygate.Output)}");
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

    /// <summary>Every line Keygate wrote to standard output and standard error so far, in order per stream.</summary>
    public IReadOnlyCollection<string> Output => _output;

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

    /// <summary>A loopback address on a port that is free now.</summary>
    public static Uri FreeAddress() => new($"http://127.0.0.1:{FreePorts.Next()}");
}
