using System.Net;
using System.Text.RegularExpressions;

namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// A person using the dashboard over plain HTTP (no browser): logs in through the login form, keeps its cookies,
/// and posts forms the way a browser would, with the antiforgery token of the page the form is on. Redirects are
/// not followed, so a test sees where each answer sends the person.
/// </summary>
public sealed partial class DashboardSession : IDisposable
{
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies = new();

    private DashboardSession(Uri baseAddress) =>
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public HttpClient Client => _client;

    /// <summary>Not logged in yet: the login page is where it starts.</summary>
    public static DashboardSession Anonymous(KeygateApp app) => new(app.BaseAddress);

    /// <summary>
    /// Logs in through the form. A handed-out password (an invitation, a new account's owner) is then replaced through the
    /// password form, as the dashboard insists, with <see cref="OwnPassword"/> of it; anything else would be sent back there.
    /// </summary>
    public static async Task<DashboardSession> LoginAsync(KeygateApp app, string email = KeygateApp.AdminEmail, string password = KeygateApp.AdminPassword)
    {
        var session = Anonymous(app);
        var response = await session.SubmitAsync("/dashboard/login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location?.OriginalString == "/dashboard/account/password")
        {
            var own = OwnPassword(password);
            var changed = await session.SubmitAsync("/dashboard/account/password",
                new() { ["CurrentPassword"] = password, ["NewPassword"] = own, ["ConfirmPassword"] = own });
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        }
        return session;
    }

    /// <summary>The password <see cref="LoginAsync"/> chooses in place of a handed-out one.</summary>
    public static string OwnPassword(string handedOut) => handedOut + "-chosen-by-me";

    /// <summary>Each cookie's value alone, as a log line that printed one of them would hold it.</summary>
    public IReadOnlyList<string> CookieValues() => [.. _cookies.GetCookies(_client.BaseAddress!).Select(c => c.Value)];

    /// <summary>The cookies as a <c>Cookie</c> header, to replay them from elsewhere.</summary>
    public string CookieHeader() => _cookies.GetCookieHeader(_client.BaseAddress!);

    /// <summary>The page's HTML, after checking its status.</summary>
    public async Task<string> PageAsync(string path, int status = 200)
    {
        var response = await _client.GetAsync(path);
        await response.ShouldHaveStatusAsync(status);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Opens the page the form is on, then posts the form to <paramref name="action"/> (default: the same page) with that page's token.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, Dictionary<string, string> fields, string? action = null)
    {
        var html = await PageAsync(page);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenIn(html) };
        return await _client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    /// <summary>Posts a form without any antiforgery token, as a forged cross-site form would.</summary>
    public Task<HttpResponseMessage> PostWithoutTokenAsync(string path, Dictionary<string, string> fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields));

    public static string TokenIn(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException("The page has no form token.");

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
