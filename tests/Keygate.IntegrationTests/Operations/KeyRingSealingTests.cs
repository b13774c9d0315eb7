using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Keygate.IntegrationTests.Operations;

/// <summary>
/// The keys that protect session cookies are sealed on disk with the master key: reading their files is not enough to
/// forge a session, sessions outlive a restart, and key files written before sealing still work.
/// </summary>
public sealed class KeyRingSealingTests
{
    [Fact]
    public async Task FirstStart_SealsTheSessionKeys_AndWarnsOfNothing()
    {
        await using var app = new KeygateApp();
        await app.SessionCookieAsync(KeygateApp.AdminEmail, KeygateApp.AdminPassword);

        var xml = await File.ReadAllTextAsync(Assert.Single(KeyFiles(app.DataDirectory)), TestContext.Current.CancellationToken);
        // Unsealed, a key file carries its secret as <masterKey><value>base64</value></masterKey>.
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        Assert.Contains("Keygate.Keys.KeyRingDecryptor", xml, StringComparison.Ordinal);
        Assert.Contains(app.Logs.Lines, line => line.Contains("XmlKeyManager: Creating key", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("No XML encryptor", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Warning Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASession_OutlivesARestart_OnItsSealedKey()
    {
        var dataDirectory = KeygateApp.NewDataDirectory();
        var cookie = await SessionOfAFirstStartAsync(dataDirectory);

        await using var second = KeygateApp.At(dataDirectory);
        await second.WithCookie(cookie).GetAsync("/v1/whoami", TestContext.Current.CancellationToken).ShouldHaveStatusAsync(200);
        Assert.Single(KeyFiles(dataDirectory)); // opened, not replaced
    }

    [Fact]
    public async Task AnotherMasterKey_CannotOpenTheSessionKeys()
    {
        var dataDirectory = KeygateApp.NewDataDirectory();
        var cookie = await SessionOfAFirstStartAsync(dataDirectory);

        var otherMasterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var second = KeygateApp.At(dataDirectory, ("Secrets:MasterKey", otherMasterKey));
        await second.WithCookie(cookie).GetAsync("/v1/whoami", TestContext.Current.CancellationToken).ShouldHaveStatusAsync(401);
        Assert.Equal(2, KeyFiles(dataDirectory).Length); // the sealed key was unreadable, so a new one was made
        Assert.DoesNotContain(second.Logs.Lines, line => line.Contains(otherMasterKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task KeyFilesWrittenBeforeSealing_StillProtectSessions()
    {
        var dataDirectory = KeygateApp.NewDataDirectory();
        // What an older Keygate left: ASP.NET Core's key file with no encryptor configured, its secret in plain XML.
        DataProtectionProvider.Create(new DirectoryInfo(KeyDirectory(dataDirectory)), keys => keys.SetApplicationName("Keygate"))
            .CreateProtector("an older Keygate").Protect("a session");
        var unsealed = Assert.Single(KeyFiles(dataDirectory));
        Assert.Contains("<masterKey", await File.ReadAllTextAsync(unsealed, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await using var app = KeygateApp.At(dataDirectory);
        var cookie = await app.SessionCookieAsync(KeygateApp.AdminEmail, KeygateApp.AdminPassword);
        await app.WithCookie(cookie).GetAsync("/v1/whoami", TestContext.Current.CancellationToken).ShouldHaveStatusAsync(200);
        Assert.Equal([unsealed], KeyFiles(dataDirectory)); // the old key was read and used: no new one was needed
    }

    /// <summary>A session cookie from a Keygate started once over <paramref name="dataDirectory"/>, and stopped since.</summary>
    private static async Task<string> SessionOfAFirstStartAsync(string dataDirectory)
    {
        await using var first = KeygateApp.At(dataDirectory);
        return await first.SessionCookieAsync(KeygateApp.AdminEmail, KeygateApp.AdminPassword);
    }

    private static string KeyDirectory(string dataDirectory) => Path.Combine(dataDirectory, "dataprotection-keys");

    private static string[] KeyFiles(string dataDirectory) => Directory.GetFiles(KeyDirectory(dataDirectory));
}
