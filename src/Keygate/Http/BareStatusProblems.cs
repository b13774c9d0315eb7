namespace Keygate.Http;

/// <summary>
/// Answers a status that left the pipeline without a body (404 for an unknown route, 405, 415, a challenge or forbid from
/// ASP.NET Core's own authorization) with a problem document, as every other Keygate error is answered. ASP.NET Core's
/// status-code pages do the same, but first add a feature to every request so that endpoints may opt out; nothing here
/// opts out, and that allocation was a sixth of what a key's request allocated.
/// </summary>
internal static class BareStatusProblems
{
    public static IApplicationBuilder UseBareStatusProblems(this IApplicationBuilder app) => app.Use(next => context =>
    {
        var answered = next(context);
        if (!answered.IsCompletedSuccessfully)
        {
            return AfterAsync(context, answered);
        }
        return IsBare(context.Response) ? WriteAsync(context) : Task.CompletedTask;
    });

    private static async Task AfterAsync(HttpContext context, Task answered)
    {
        await answered;
        if (IsBare(context.Response))
        {
            await WriteAsync(context);
        }
    }

    private static bool IsBare(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    /// <summary>Through the registered writers, which fill in the title and Keygate's code; a client that accepts no JSON gets the bare status.</summary>
    private static async Task WriteAsync(HttpContext context)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode },
        });
    }
}
