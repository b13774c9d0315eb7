namespace Keygate.Http;

/// <summary>
/// A surface of pages a person reads in a browser. A refusal there is a bare status code that the surface's own status
/// pages render, a visitor who must log in is sent to its login page, and its forms carry antiforgery tokens its pages
/// check themselves. Every other surface is an API: it answers problem documents and never redirects.
/// </summary>
internal abstract class PageSurface : Surface
{
    /// <summary>Sends a visitor without a session to log in, remembering the page asked for.</summary>
    public abstract Task ToLoginAsync(HttpContext context);

    /// <summary>Refuses with the bare status code: the surface's status page says the rest.</summary>
    public static Task RefuseAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
