namespace Keygate.IntegrationTests.Operations;

/// <summary>
/// deploy/keygate.service, the unit docs/OPERATIONS.md shows. There is no systemd here, so the test reads the unit, checks
/// what it promises (a state directory, no root, hardening), then starts its ExecStart from the published build the way
/// systemd would: in its WorkingDirectory, with only its Environment, the install and state folders moved into temporary
/// ones and the listening address set (the unit leaves it to appsettings.json).
/// </summary>
public sealed class SystemdUnitTests
{
    private const string InstallFolder = "/opt/keygate";
    private const string StateFolder = "/var/lib/keygate";

    private static readonly string UnitPath = Path.Combine(PublishedKeygate.RepositoryRoot, "deploy", "keygate.service");

    [Fact]
    public void TheUnit_RunsKeygateUnprivileged_InItsStateDirectory_Hardened()
    {
        var unit = Read();

        Assert.Equal($"/usr/bin/dotnet {InstallFolder}/Keygate.dll", Single(unit, "ExecStart"));
        Assert.Equal(StateFolder, Single(unit, "WorkingDirectory"));
        Assert.Equal(StateFolder, "/var/lib/" + Single(unit, "StateDirectory"));
        Assert.Equal("0700", Single(unit, "StateDirectoryMode"));
        Assert.Contains($"Storage__DataDirectory={StateFolder}", unit["Environment"]);
        Assert.NotEqual("root", Single(unit, "User"));
        Assert.Equal("SIGTERM", Single(unit, "KillSignal")); // the graceful stop that writes usage and hands back quota
        foreach (var (setting, value) in new[]
        {
            ("NoNewPrivileges", "true"), ("ProtectSystem", "strict"), ("ProtectHome", "true"), ("PrivateTmp", "true"),
            ("PrivateDevices", "true"), ("UMask", "0077"), ("CapabilityBoundingSet", ""), ("RestrictSUIDSGID", "true"),
        })
        {
            Assert.Equal(value, Single(unit, setting));
        }
    }

    [Fact]
    public async Task OperationsMd_ShowsTheUnitAsItIs()
    {
        var operations = await File.ReadAllTextAsync(Path.Combine(PublishedKeygate.RepositoryRoot, "docs", "OPERATIONS.md"), TestContext.Current.CancellationToken);
        Assert.Contains(await File.ReadAllTextAsync(UnitPath, TestContext.Current.CancellationToken), operations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItsExecStart_StartsThePublishedBuild_ReadyInTheStateDirectory_WritingNothingBesideKeygate()
    {
        var unit = Read();
        var install = await PublishedKeygate.FolderAsync();
        var state = KeygateApp.NewDataDirectory(); // like StateDirectory: there before the start, 0700
        string Moved(string value) => value.Replace(InstallFolder, install, StringComparison.Ordinal).Replace(StateFolder, state, StringComparison.Ordinal);

        var command = Single(unit, "ExecStart").Split(' ');
        var start = PublishedKeygate.Dotnet(Moved(Single(unit, "WorkingDirectory")), [.. command[1..].Select(Moved)]);
        start.FileName = File.Exists(command[0]) ? command[0] : Path.GetFileName(command[0]); // the SDK may live elsewhere on a test machine
        // systemd gives a service no environment but its own: PATH, STATE_DIRECTORY and the unit's Environment lines.
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        start.Environment["STATE_DIRECTORY"] = state;
        foreach (var assignment in unit["Environment"])
        {
            var nameAndValue = assignment.Split('=', 2);
            start.Environment[nameAndValue[0]] = Moved(nameAndValue[1]);
        }
        var address = KeygateProcess.FreeAddress();
        start.Environment["Urls"] = address.ToString();
        var installed = Entries(install);

        await using (var keygate = await KeygateProcess.StartAsync(start, address))
        {
            using var client = new HttpClient { BaseAddress = address };
            await client.GetAsync("/readyz", TestContext.Current.CancellationToken).ShouldHaveStatusAsync(200);
            await keygate.StopAsync();
        }

        Assert.True(File.Exists(Path.Combine(state, "keygate.db")));
        Assert.True(File.Exists(Path.Combine(state, "master.key")));
        Assert.Equal(installed, Entries(install)); // ProtectSystem=strict leaves the install folder read-only: nothing may be written there
    }

    /// <summary>The unit's settings, each with every value it is given, sections aside (their names do not repeat).</summary>
    private static Dictionary<string, List<string>> Read()
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(UnitPath).Select(line => line.Trim()))
        {
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('['))
            {
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = line[..equals];
            if (!settings.TryGetValue(name, out var values))
            {
                settings[name] = values = [];
            }
            values.Add(line[(equals + 1)..]);
        }
        return settings;
    }

    private static string Single(Dictionary<string, List<string>> unit, string setting) =>
        Assert.Single(unit.GetValueOrDefault(setting) ?? []);

    private static string[] Entries(string folder) =>
        [.. Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
}
