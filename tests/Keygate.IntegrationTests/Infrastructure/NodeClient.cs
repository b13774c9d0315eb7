using System.Diagnostics;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// The npm project in <c>CloudApiClient/</c> (a published Cloud API client and the scripts that drive it), installed
/// from its lock file into a folder of its own; each script prints one JSON line for the test to check.
/// </summary>
public static class NodeClient
{
    /// <summary>Why the client cannot run here (node or npm missing), or null.</summary>
    public static string? Missing() => Services.Missing("node", "nodejs") ?? Services.Missing("npm", "npm");

    public static async Task<JsonElement> RunAsync(string script, params (string Name, string Value)[] environment)
    {
        var project = Directory.CreateTempSubdirectory("keygate-npm-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "CloudApiClient")))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }
        await RunAsync("npm", project, [], "ci", "--no-audit", "--no-fund");
        var output = await RunAsync("node", project, environment, script);
        return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
    }

    private static async Task<string> RunAsync(string program, string directory, (string Name, string Value)[] environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
