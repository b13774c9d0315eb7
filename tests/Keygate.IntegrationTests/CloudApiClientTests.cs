using System.Diagnostics;

namespace Keygate.IntegrationTests;

/// <summary>
/// A published Cloud API client from npm (@kapso/whatsapp-cloud-api), pointed at Keygate by base URL and
/// token only, sends a text and a template and gets a parseable error for a bad token.
/// </summary>
public sealed class CloudApiClientTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task APublishedCloudApiClient_WorksAgainstKeygate_ByBaseUrlAndTokenOnly()
    {
        if ((Services.Missing("node", "nodejs") ?? Services.Missing("npm", "npm")) is { } missing)
        {
            Assert.Skip(missing);
        }
        var key = await app.CreateKeyAsync(new { permissions = new[] { "messages:send" } });
        var sandbox = await Sandbox.OfAsync(await app.OwnerAsync());
        await sandbox.CustomerWritesAsync(app.ClientFor(key));

        var project = Directory.CreateTempSubdirectory("keygate-npm-").FullName;
        foreach (var file in new[] { "package.json", "package-lock.json", "send.mjs" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "CloudApiClient", file), Path.Combine(project, file));
        }
        await RunAsync("npm", project, [], "ci", "--no-audit", "--no-fund");
        var output = await RunAsync("node", project,
            [("KEYGATE_URL", app.BaseAddress.ToString().TrimEnd('/')), ("KEYGATE_TOKEN", $"{key.Id}.{key.Secret}"),
             ("PHONE_NUMBER_ID", sandbox.PhoneNumberId), ("TO", "+" + Sandbox.Customer)],
            "send.mjs");

        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        Assert.StartsWith("wamid.", result.GetProperty("textId").GetString());
        Assert.StartsWith("wamid.", result.GetProperty("templateId").GetString());
        var badToken = result.GetProperty("badToken");
        Assert.True(badToken.GetProperty("parsed").GetBoolean(), badToken.GetRawText());
        Assert.Equal(190, badToken.GetProperty("code").GetInt32());
        Assert.Equal(401, badToken.GetProperty("httpStatus").GetInt32());
        Assert.Equal("OAuthException", badToken.GetProperty("type").GetString());
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
