using Microsoft.Playwright;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright, started once for every browser test class (the "browser" collection).
/// Never downloads a browser: it launches /usr/bin/chromium offline, with the flags a container needs, and skips
/// (or fails under KEYGATE_REQUIRE_SERVICES=1) when Chromium is not installed.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? Missing { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Missing = File.Exists(Chromium) ? null : Services.Missing("chromium", "chromium");
        if (Missing is not null)
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser profile (no cookies, no history) on the given host, phone-width or desktop.</summary>
    public async Task<IPage> NewPageAsync(KeygateApp app, bool phone = false)
    {
        if (Missing is not null)
        {
            Assert.Skip(Missing);
        }
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
