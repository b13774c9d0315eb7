using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace Keygate.IntegrationTests.Dashboard;

/// <summary>
/// The seed's path through Integration → API Keys, in Debian's Chromium against a real Keygate: what a business
/// admin clicks, and what each click does to the API.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ApiKeysBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly KeygateApp _app = new();

    private static readonly object Template = new
    {
        messaging_product = "whatsapp",
        to = Sandbox.Customer,
        type = "template",
        template = new { name = "hello_world", language = new { code = "en_US" } },
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task TheSeedsPath_FromAddingAKeyToRevokingIt_ChangesWhatTheApiAllows()
    {
        var page = await browser.NewPageAsync(_app);
        var visited = new List<string>();
        page.FrameNavigated += (_, frame) => visited.Add(frame.Url);
        // A page the content policy breaks (a blocked style, script or image) says so on the console.
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        var sandbox = await Sandbox.OfAsync(await _app.OwnerAsync());

        await page.LogInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Integration", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "API Keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API Keys" }));
        await page.GetByRole(AriaRole.Link, new() { Name = "+ Add New API Key" }).ClickAsync();
        await NameField(page).FillAsync("crm-production");
        await Screenshots.SaveAsync(page, "api-key-create-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        // The secret is shown once, with the warning, and both values can be copied.
        await Expect(page.GetByText("It is shown this once and cannot be shown again"));
        var keyId = (await page.Locator("#api-key").TextContentAsync())!.Trim();
        var secret = (await page.Locator("#api-secret").TextContentAsync())!.Trim();
        Assert.StartsWith("kg_live_", keyId, StringComparison.Ordinal);
        Assert.StartsWith("kgs_live_", secret, StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "api-key-secret-reveal");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy API secret key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" }));
        Assert.Equal(secret, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        // The key authenticates a real API call: the default "Send only" key sends a template through the sandbox.
        using var api = ClientFor(keyId, secret);
        await api.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).ShouldHaveStatusAsync(200);
        await api.GetAsync("/v1/messages").ShouldHaveStatusAsync(403);

        // Back to the list: the key is there, its secret is not, in the page or its source.
        await page.GetByRole(AriaRole.Link, new() { Name = "I have copied the secret: show the key" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "API Keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "crm-production", Exact = true }));
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "api-keys-list");

        // Edit icon → change the name and the permissions → Submit: the API sees the change at once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit crm-production" }).ClickAsync();
        await Assertions.Expect(NameField(page)).ToHaveValueAsync("crm-production");
        await NameField(page).FillAsync("crm-reader");
        await page.GetByLabel("Read only").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByText("Saved the changes to crm-reader."));
        await api.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).ShouldHaveMetaErrorAsync(403, 200, "insufficient_permissions");
        await api.GetAsync("/v1/messages").ShouldHaveStatusAsync(200);
        var whoami = await api.GetAsync("/v1/whoami").JsonAsync();
        Assert.Contains("messages:read", whoami.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        // Rotate: a new secret, shown once; the old one keeps working through the grace period.
        await page.GetByRole(AriaRole.Link, new() { Name = "Rotate secret" }).ClickAsync();
        await page.GetByLabel("Keep the current secret working for").SelectOptionAsync("3600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.GetByText("It is shown this once and cannot be shown again"));
        var rotated = (await page.Locator("#api-secret").TextContentAsync())!.Trim();
        Assert.NotEqual(secret, rotated);
        using var rotatedApi = ClientFor(keyId, rotated);
        await rotatedApi.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);
        await api.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        // Disable stops the key until it is enabled again.
        await page.GetByRole(AriaRole.Link, new() { Name = "I have copied the secret: show the key" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(page.GetByText("Key disabled"));
        await rotatedApi.GetAsync("/v1/whoami").ShouldHaveStatusAsync(401);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(page.GetByText("Key enabled."));
        await rotatedApi.GetAsync("/v1/whoami").ShouldHaveStatusAsync(200);

        // Revoke, after a confirmation that names the key: every secret of it is refused from then on.
        await page.GetByRole(AriaRole.Link, new() { Name = "Revoke…" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Revoke crm-reader?" }));
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke crm-reader" }).ClickAsync();
        await Expect(page.GetByText("crm-reader is revoked"));
        await rotatedApi.GetAsync("/v1/whoami").ShouldHaveStatusAsync(401);
        await api.GetAsync("/v1/whoami").ShouldHaveStatusAsync(401);

        // No page after the reveals shows a secret, and no address the browser visited (its history) holds one.
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(visited, url => url.Contains(secret, StringComparison.Ordinal) || url.Contains(rotated, StringComparison.Ordinal));
        Assert.True(consoleErrors.Count == 0, string.Join(" | ", consoleErrors));
    }

    [Fact]
    public async Task AnInvalidCidr_ShowsAFieldErrorBesideTheAllowlist_AndCreatesNothing()
    {
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync();
        await page.GotoAsync("/dashboard/integration/api-keys/new");
        await NameField(page).FillAsync("bad-network");
        await page.GetByLabel("IP allowlist").FillAsync("203.0.113.0/24\n10.1.2.3/8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(page.GetByText("“10.1.2.3/8”: Not a CIDR block"));
        // A screen reader hears it on entering the field: marked invalid, and described by the message.
        var allowlist = page.GetByLabel("IP allowlist");
        await Assertions.Expect(allowlist).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(allowlist).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("“10.1.2.3/8”: Not a CIDR block"));
        await Assertions.Expect(NameField(page)).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(NameField(page)).ToHaveValueAsync("bad-network");
        var keys = await (await _app.OwnerAsync()).GetAsync("/v1/keys?q=bad-network").JsonAsync();
        Assert.Equal(0, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AStaleEdit_IsRefusedWithAPlainMessage_AndKeepsBothTheOtherChangeAndTheTypedOne()
    {
        var key = await _app.CreateKeyAsync(new { name = "shared-key" });
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync();
        await page.GotoAsync($"/dashboard/integration/api-keys/{key.Id}/edit");

        // Someone else renames the key while the form is open.
        var owner = await _app.OwnerAsync();
        var current = await owner.GetAsync($"/v1/keys/{key.Id}");
        await owner.PatchJsonAsync($"/v1/keys/{key.Id}", new { name = "renamed-elsewhere" }, current.Headers.ETag!.ToString()).ShouldHaveStatusAsync(200);

        await NameField(page).FillAsync("renamed-here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Expect(page.GetByText("Someone changed this key after you opened this form, so nothing was saved"));
        await Assertions.Expect(NameField(page)).ToHaveValueAsync("renamed-here");
        var stored = await owner.GetAsync($"/v1/keys/{key.Id}").JsonAsync();
        Assert.Equal("renamed-elsewhere", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AFormWithoutItsAntiforgeryToken_IsRefused()
    {
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync();
        await page.GotoAsync("/dashboard/integration/api-keys/new");
        await NameField(page).FillAsync("no-token");
        await page.EvaluateAsync("document.querySelectorAll('input[name=__RequestVerificationToken]').forEach(i => i.remove())");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Request refused" }));
        var keys = await (await _app.OwnerAsync()).GetAsync("/v1/keys?q=no-token").JsonAsync();
        Assert.Equal(0, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AViewer_SeesNoAddButtonOrEditIcon_AndIsRefusedWhenPostingTheFormAnyway()
    {
        await _app.CreateKeyAsync(new { name = "someone-elses-key" });
        var viewer = await (await _app.OwnerAsync()).InviteAsync("viewer");
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync(viewer.Email, viewer.Password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change password" }));
        await page.GetByLabel("Current password").FillAsync(viewer.Password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("a viewer's own passphrase");
        await page.GetByLabel("New password again").FillAsync("a viewer's own passphrase");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.GotoAsync("/dashboard/integration/api-keys");

        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "someone-elses-key", Exact = true }));
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "+ Add New API Key" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Edit someone-elses-key" }).CountAsync());
        var direct = await page.GotoAsync("/dashboard/integration/api-keys/new");
        Assert.Equal(403, direct!.Status);

        // A hand-made form with a valid token of the viewer's own session (the logout form's), posted anyway.
        await page.GotoAsync("/dashboard/integration/api-keys");
        var posted = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("""
            () => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = "/dashboard/integration/api-keys/new";
                for (const [name, value] of [["Form.Name", "viewer-made"], ["Form.Preset", "full"], ["Form.Environment", "production"],
                    ["__RequestVerificationToken", document.querySelector("input[name=__RequestVerificationToken]").value]]) {
                    const input = document.createElement("input");
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }
            """), r => r.Request.Method == "POST");

        Assert.Equal(403, posted.Status);
        var keys = await (await _app.OwnerAsync()).GetAsync("/v1/keys?q=viewer-made").JsonAsync();
        Assert.Equal(0, keys.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AfterLogout_TheBrowsersCookieReplayedElsewhere_IsSentToLogIn()
    {
        var page = await browser.NewPageAsync(_app);
        await page.LogInAsync();
        var cookies = await page.Context.CookiesAsync();
        var header = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        using var replay = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", header);
        await replay.GetAsync("/dashboard/integration/api-keys").ShouldHaveStatusAsync(200);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in to Keygate" }));

        var replayed = await replay.GetAsync("/dashboard/integration/api-keys");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        await replay.GetAsync("/v1/keys").ShouldHaveStatusAsync(401);
    }

    private HttpClient ClientFor(string keyId, string secret)
    {
        var client = _app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"{keyId}.{secret}");
        return client;
    }

    private static ILocator NameField(IPage page) => page.GetByLabel("Name", new() { Exact = true });

    private static Task Expect(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();
}
