using System.Diagnostics;
using System.Reflection;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Keygate laid out as <c>dotnet publish</c> lays it out for an operator, published once per test run from the build
/// the tests reference (<c>--no-build</c>: nothing is compiled here), and the repository it comes from.
/// </summary>
public static class PublishedKeygate
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The folder holding the published Keygate.dll, its appsettings.json and wwwroot.</summary>
    public static Task<string> FolderAsync() => Published.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ProjectFolder => Path.Combine(RepositoryRoot, "src", "Keygate");

    /// <summary>Debug or Release, as the tests (and so Keygate) were built.</summary>
    public static string Configuration { get; } =
        typeof(PublishedKeygate).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary><c>dotnet &lt;arguments&gt;</c> in <paramref name="workingDirectory"/>, with nothing else set.</summary>
    public static ProcessStartInfo Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("keygate-published-").FullName;
        var start = Dotnet(RepositoryRoot, "publish", Path.Combine(ProjectFolder, "Keygate.csproj"), "--no-build", "-c", Configuration, "-o", output, "-nologo");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        }
        return output;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Keygate.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("The tests run outside the repository: Keygate.slnx is in none of their parent folders.");
    }
}
