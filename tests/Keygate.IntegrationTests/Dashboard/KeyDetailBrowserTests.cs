using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>The key detail page with real usage behind it, and the dashboard on a phone-width screen.</summary>
[Collection(BrowserTests.Name)]
public sealed class KeyDetailBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly KeygateApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task KeyDetail_ChartsRequestsByOutcomeAndMessagesByType_AndShowsHowMuchOfEachLimitIsUsed()
    {
        var owner = await _app.OwnerAsync();
        var sandbox = await Sandbox.OfAsync(owner);
        var key = await _app.CreateKeyAsync(new
        {
            name = "support-bot",
            permissions = new[] { "messages:send" },
            rateLimits = new[] { new { name = "per-minute", limit = 20, periodSeconds = 60 } },
            quotas = new[] { new { metric = "messages", limit = 1000, period = "day" } },
            labels = new { team = "support" },
        });
        using var client = _app.ClientFor(key);
        await sandbox.CustomerWritesAsync(owner);
        // Six hours of traffic: sends of two types every hour, a refused call now and then, and one burst past the rate limit.
        for (var hour = 0; hour < 6; hour++)
        {
            for (var i = 0; i <= hour; i++)
            {
                await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).ShouldHaveStatusAsync(200);
                await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.Text(Sandbox.Customer, "Your order shipped")).ShouldHaveStatusAsync(200);
            }
            if (hour % 2 == 0)
            {
                await client.GetAsync("/v1/messages").ShouldHaveStatusAsync(403);
            }
            _app.Clock.Advance(TimeSpan.FromMinutes(61));
        }
        for (var i = 0; i < 22; i++)
        {
            await client.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld());
        }
        await UsageFlushedAsync(key.Id);

        var page = await browser.NewPageAsync(_app);
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.LogInAsync();
        await page.GotoAsync($"/dashboard/integration/api-keys/{key.Id}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "support-bot" })).ToBeVisibleAsync();
        var requests = page.Locator("figure", new() { Has = page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("requests, tallest bar") }) });
        Assert.True(await requests.Locator("rect").CountAsync() >= 6, "one bar segment per hour with traffic at least");
        await Assertions.Expect(requests.Locator(".legend")).ToContainTextAsync("ok:");
        await Assertions.Expect(requests.Locator(".legend")).ToContainTextAsync("forbidden: 3");
        await Assertions.Expect(requests.Locator(".legend")).ToContainTextAsync("rate_limited: 2");
        var messages = page.Locator("figure", new() { Has = page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("62 messages, tallest bar") }) });
        Assert.True(await messages.Locator("rect").CountAsync() >= 12, "two types in each of six hours");
        await Assertions.Expect(messages.Locator(".legend")).ToContainTextAsync("template: 41");
        await Assertions.Expect(messages.Locator(".legend")).ToContainTextAsync("text: 21");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^rate per-minute 20 of 20") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^quota .* of 1,000") })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "api-key-detail");

        // Everything the page needed came from Keygate itself: no CDN, no font service, no analytics.
        Assert.All(requested, url => Assert.StartsWith(_app.BaseAddress.ToString(), url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnAPhoneWidthScreen_EveryPageFitsWithoutSidewaysScrolling()
    {
        var key = await _app.CreateKeyAsync(new { name = "a-key-with-a-rather-long-name-for-a-phone", labels = new { team = "billing" } });
        var page = await browser.NewPageAsync(_app, phone: true);
        await page.LogInAsync();

        foreach (var path in new[]
        {
            "/dashboard/integration", "/dashboard/integration/api-keys", "/dashboard/integration/api-keys/new",
            $"/dashboard/integration/api-keys/{key.Id}", $"/dashboard/integration/api-keys/{key.Id}/edit",
            "/dashboard/integration/phone-numbers", "/dashboard/integration/webhooks", "/dashboard/integration/webhooks/new",
            "/dashboard/alerts", "/dashboard/audit", "/dashboard/users", "/dashboard/account/password",
        })
        {
            // The page itself, not a status page or a redirect to log in, which would fit anyway.
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            Assert.Equal(path, new Uri(page.Url).AbsolutePath);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than the screen");
        }
        await page.GotoAsync("/dashboard/integration/api-keys");
        await Screenshots.SaveAsync(page, "api-keys-list-phone");
    }

    /// <summary>Writes the usage counted so far, and checks the burst's refusals are among it.</summary>
    private async Task UsageFlushedAsync(string keyId)
    {
        await _app.FlushUsageAsync();
        var report = await (await _app.OwnerAsync()).GetAsync($"/v1/keys/{keyId}/usage?granularity=hour").JsonAsync();
        Assert.Contains(report.GetProperty("series").EnumerateArray(), p => p.GetProperty("outcome").GetString() == "rate_limited");
    }
}
