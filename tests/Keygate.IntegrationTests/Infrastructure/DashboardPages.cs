using Microsoft.Playwright;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>What browser tests do on every dashboard visit.</summary>
public static class DashboardPages
{
    /// <summary>Logs in through the login form and waits for the dashboard's first page.</summary>
    public static async Task LogInAsync(this IPage page, string email = KeygateApp.AdminEmail, string password = KeygateApp.AdminPassword)
    {
        await page.GotoAsync("/dashboard/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeVisibleAsync();
    }
}
