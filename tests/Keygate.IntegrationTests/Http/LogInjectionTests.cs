namespace Keygate.IntegrationTests;

/// <summary>What a client puts in a request reaches the log escaped: it cannot start a line of its own.</summary>
public sealed class LogInjectionTests(KeygateApp app) : IClassFixture<KeygateApp>
{
    [Fact]
    public async Task APathWithLineBreaks_IsLoggedEscaped_SoItCannotForgeALogLine()
    {
        await app.Anonymous().GetAsync("/v1/x%0d%0ainfo:%20Keygate.Accounts%20forged-admin-login%0a");

        var line = await app.Logs.WaitForLineAsync(l => l.Contains("Keygate.Http.RequestLogging", StringComparison.Ordinal) && l.Contains("forged-admin-login", StringComparison.Ordinal));

        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.Contains(@"/v1/x\r\ninfo: Keygate.Accounts forged-admin-login\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("forged-admin-login", StringComparison.Ordinal) && !l.Contains(" scope: ", StringComparison.Ordinal)
            && !l.StartsWith("Trace", StringComparison.Ordinal) && !l.StartsWith("Debug", StringComparison.Ordinal) && l.IndexOfAny(['\r', '\n']) >= 0);
    }
}
