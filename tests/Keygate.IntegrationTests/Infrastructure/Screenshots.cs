using Microsoft.Playwright;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Full-page screenshots kept as test artifacts under the test output's <c>TestResults/screenshots</c>; with
/// KEYGATE_SCREENSHOTS set to a directory (the README's docs/screenshots), also written there.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllBytesAsync(Path.Combine(Directory, name + ".png"), png);
        if (Environment.GetEnvironmentVariable("KEYGATE_SCREENSHOTS") is { Length: > 0 } docs)
        {
            System.IO.Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, name + ".png"), png);
        }
    }
}
