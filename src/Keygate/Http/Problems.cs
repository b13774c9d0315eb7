using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Keygate.Http;

/// <summary>
/// Every non-2xx answer of the native API is built here, so each carries a stable <c>code</c>
/// (the <c>traceId</c> is added for all of them by <see cref="ProblemDetailsSetup"/>).
/// </summary>
internal static class Problems
{
    private static readonly Dictionary<int, string> Titles = new()
    {
        [400] = "Bad request",
        [401] = "Unauthorized",
        [403] = "Forbidden",
        [404] = "Not found",
        [409] = "Conflict",
        [412] = "Precondition failed",
        [413] = "Request too large",
        [429] = "Too many requests",
        [500] = "Internal error",
        [503] = "Service unavailable",
    };

    public static ProblemHttpResult Create(int status, string code, string detail) =>
        TypedResults.Problem(Build(status, code, detail));

    public static ProblemDetails Build(int status, string code, string detail) => new()
    {
        Status = status,
        Title = Titles.GetValueOrDefault(status, "Error"),
        Type = $"https://keygate.dev/problems/{code.Replace('_', '-')}",
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static ProblemHttpResult NotFound(string what = "resource") =>
        Create(404, ProblemCodes.NotFound, $"No such {what}.");

    public static ProblemHttpResult Conflict(string detail) => Create(409, ProblemCodes.Conflict, detail);

    public static ProblemHttpResult Forbidden(string detail) =>
        Create(403, ProblemCodes.InsufficientPermissions, detail);

    public static ProblemHttpResult Forbidden(string code, string detail) => Create(403, code, detail);

    public static ProblemHttpResult PreconditionFailed() => Create(
        412, ProblemCodes.PreconditionFailed, "The resource has changed since it was read; fetch it again and retry.");

    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        var problem = Build(400, ProblemCodes.InvalidRequest, "One or more fields are invalid.");
        problem.Extensions["errors"] = errors;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// Writes a problem outside an endpoint (middleware, authentication), through the registered writers: a surface with
    /// an error format of its own registers one that answers first (<see cref="ProblemDetailsSetup.AddSurfaceProblemWriter"/>).
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Build(status, code, detail),
        });
    }

    /// <summary>
    /// 503 <c>unavailable</c> for a request a dependency (the store, Redis) could not serve: nothing was carried out, and
    /// <c>Retry-After</c> says when trying again is worth it.
    /// </summary>
    public static Task WriteUnavailableAsync(HttpContext context, TimeSpan retryAfter, string detail)
    {
        RetryAfter.Set(context.Response, retryAfter);
        return WriteAsync(context, 503, ProblemCodes.Unavailable, detail);
    }
}
