namespace Keygate.IntegrationTests.Operations;

/// <summary>
/// The published build started as an operator starts it, from a folder that is not its own and with nothing on the
/// command line but where to listen: it reads the settings it ships with and keeps its data where it is started.
/// </summary>
public sealed class PublishedBuildTests
{
    [Fact]
    public async Task StartedFromAnotherFolder_ReadsItsOwnSettingsAndServesItsOwnAssets()
    {
        var published = await PublishedKeygate.FolderAsync();
        var elsewhere = KeygateApp.NewDataDirectory();
        var address = KeygateProcess.FreeAddress();

        await using var keygate = await KeygateProcess.StartAsync(
            PublishedKeygate.Dotnet(elsewhere, Path.Combine(published, "Keygate.dll"), "--urls", address.ToString()), address);

        // The shipped appsettings.json keeps Entity Framework at Warning; without it every migration command of the first
        // start is logged at Information, all before the host says it has started.
        Assert.Contains(keygate.Output, line => line.Contains("Application started", StringComparison.Ordinal));
        Assert.DoesNotContain(keygate.Output, line => line.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        // The dashboard's stylesheet comes from the published wwwroot, not from the working directory.
        using var client = new HttpClient { BaseAddress = address };
        var stylesheet = await client.GetAsync("/dashboard/site.css", TestContext.Current.CancellationToken);
        await stylesheet.ShouldHaveStatusAsync(200);
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheShippedRelativeDataDirectory_IsUnderTheWorkingDirectory_NeverBesideKeygate()
    {
        var published = await PublishedKeygate.FolderAsync();
        var workingDirectory = KeygateApp.NewDataDirectory();
        var address = KeygateProcess.FreeAddress();

        await using (await KeygateProcess.StartAsync(
            PublishedKeygate.Dotnet(workingDirectory, Path.Combine(published, "Keygate.dll"), "--urls", address.ToString()), address))
        {
        }

        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "keygate.db")), "appsettings.json says data: ./data under the working directory");
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "master.key")));
        Assert.False(Directory.Exists(Path.Combine(published, "data")), "nothing is written beside Keygate.dll");
    }

    [Fact]
    public async Task DotnetRunFromAnotherFolder_KeepsTheDataWhereItWasTyped_AndServesTheDashboardsAssets()
    {
        var typedIn = KeygateApp.NewDataDirectory();
        var address = KeygateProcess.FreeAddress();

        // README.md: `dotnet run --project src/Keygate` keeps its data in ./data, beside the command (not in the project).
        await using (await KeygateProcess.StartAsync(
            PublishedKeygate.Dotnet(typedIn, "run", "--no-build", "-c", PublishedKeygate.Configuration, "--project", PublishedKeygate.ProjectFolder,
                "--", "--urls", address.ToString()), address))
        {
            // Run from the build (not a publish) and not in Development, the dashboard's assets still come from the project.
            using var client = new HttpClient { BaseAddress = address };
            var stylesheet = await client.GetAsync("/dashboard/site.css", TestContext.Current.CancellationToken);
            await stylesheet.ShouldHaveStatusAsync(200);
            Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
            Assert.Contains("{", await stylesheet.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(typedIn, "data", "keygate.db")), "dotnet run keeps the data under the folder it was typed in");
    }
}
