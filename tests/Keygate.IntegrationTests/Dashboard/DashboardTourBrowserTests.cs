using Microsoft.Playwright;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>
/// The rest of the dashboard in the browser: alerts resolved with a click, the other pages' screenshots, and the
/// whole way from login to a new key by keyboard alone.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class DashboardTourBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly KeygateApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task AnAlert_ShowsOnTheAlertsPage_AndResolvingItMovesItToTheResolvedList()
    {
        var owner = await _app.OwnerAsync();
        var (_, canaryId) = await DashboardPeople.RaiseAlertAsync(_app, owner);
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        var open = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Open", Exact = true }) });
        await Assertions.Expect(open).ToContainTextAsync(canaryId);
        await Screenshots.SaveAsync(page, "alerts");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^Resolve the .* alert of {canaryId}$") }).ClickAsync();

        var resolved = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Resolved", Exact = true }) });
        await Assertions.Expect(resolved).ToContainTextAsync(canaryId);
        var stored = await owner.GetAsync($"/v1/alerts?keyId={canaryId}").JsonAsync();
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, stored.GetProperty("items")[0].GetProperty("resolvedAt").ValueKind);
    }

    [Fact]
    public async Task EveryPageOfTheDashboard_OpensFromTheNavigation_WithItsHeading()
    {
        var owner = await _app.OwnerAsync();
        await _app.CreateKeyAsync(new { name = "billing-crm", labels = new { team = "billing" } });
        await owner.InviteAsync("developer");
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync();

        foreach (var (link, heading, screenshot) in new[]
        {
            ("Audit", "Audit", "audit"),
            ("Users", "Users", "users"),
        })
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, screenshot);
        }
        foreach (var (link, heading, screenshot) in new[]
        {
            ("Phone numbers", "Phone numbers", "phone-numbers"),
            ("Webhooks", "Webhooks", "webhooks"),
        })
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Integration", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, screenshot);
        }
    }

    [Fact]
    public async Task FromLoginToANewKey_ByKeyboardAlone_WithTheFocusAlwaysVisible()
    {
        var page = await browser.NewPageAsync(_app);
        await page.GotoAsync("/dashboard/login");

        // The e-mail field has the focus on arrival; then the form in reading order.
        Assert.Equal("Email", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.Keyboard.TypeAsync(KeygateApp.AdminEmail);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(KeygateApp.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Integration", Level = 1 })).ToBeVisibleAsync();

        await TabToAsync(page, "API Keys");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API Keys", Level = 1 })).ToBeVisibleAsync();
        await TabToAsync(page, "+ Add New API Key");
        Assert.NotEqual("none", await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add New API Key", Level = 1 })).ToBeVisibleAsync();
        await TabToAsync(page, null, "Form.Name");
        await page.Keyboard.TypeAsync("made-by-keyboard");
        await TabToAsync(page, "Submit");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByText("It is shown this once and cannot be shown again")).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab until the focused element has this text (or this name attribute); fails after 80 presses.</summary>
    private static async Task TabToAsync(IPage page, string? text, string? name = null)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = name is null ? await FocusedTextAsync(page) : await page.EvaluateAsync<string>("document.activeElement.name ?? ''");
            if (focused == (text ?? name))
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {text ?? name}.");
    }

    private static Task<string> FocusedTextAsync(IPage page) => page.EvaluateAsync<string>("(document.activeElement.textContent || '').trim()");
}
