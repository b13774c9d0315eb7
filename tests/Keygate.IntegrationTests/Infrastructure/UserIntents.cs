namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>Intent methods for tests about an account's users and their sessions.</summary>
public static class UserIntents
{
    public static string NewEmail(string role) => $"{role}-{Guid.NewGuid():N}@tenant.test";

    /// <summary>Invites a user through <c>POST /v1/users</c> as <paramref name="by"/>, with the one-time password they were given.</summary>
    public static async Task<InvitedUser> InviteAsync(this HttpClient by, string role)
    {
        var email = NewEmail(role);
        var created = await by.PostAsJsonAsync("/v1/users", new { email, role }).JsonAsync(201);
        return new InvitedUser(created.GetProperty("id").GetString()!, email, created.GetProperty("oneTimePassword").GetString()!);
    }

    /// <summary>
    /// Invites a user and has them replace the handed-out password, as they must before the API answers them; the
    /// returned password is their own.
    /// </summary>
    public static async Task<InvitedUser> InviteActiveAsync(this HttpClient by, KeygateApp app, string role)
    {
        var invited = await by.InviteAsync(role);
        var (client, own) = await app.FirstLoginAsync(invited.Email, invited.Password);
        client.Dispose();
        return invited with { Password = own };
    }

    /// <summary>The session cookie of a fresh API login, as a browser would hold it (and anyone who copied it).</summary>
    public static async Task<string> SessionCookieAsync(this KeygateApp app, string email, string password)
    {
        var login = await app.Anonymous().PostAsJsonAsync("/v1/auth/login", new { email, password });
        await login.ShouldHaveStatusAsync(200);
        return login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    /// <summary>A client that replays <paramref name="cookie"/> on every request, from Keygate's own origin as a browser would.</summary>
    public static HttpClient WithCookie(this KeygateApp app, string cookie)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        client.DefaultRequestHeaders.Add("Origin", app.Origin);
        return client;
    }
}

public sealed record InvitedUser(string Id, string Email, string Password);
