using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Keygate.Http;

internal static class ProblemDetailsSetup
{
    public static IServiceCollection AddKeygateProblemDetails(this IServiceCollection services)
    {
        // Before the default writer, which would take every request: on the Cloud API surface a problem is Meta's envelope.
        services.AddSingleton<IProblemDetailsWriter, WhatsApp.CloudApi.CloudApiProblemWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            // Status pages (404 for an unknown route, 405, 415) arrive here without a code.
            if (problem.Extensions.TryGetValue("code", out var given) is false || given is not string code)
            {
                problem.Extensions["code"] = code = problem.Status switch
                {
                    404 => ProblemCodes.NotFound,
                    >= 500 => ProblemCodes.Internal,
                    _ => ProblemCodes.InvalidRequest,
                };
            }
            // Usage and misuse detection tell a rate limit from a quota by this code.
            context.HttpContext.Features.Set(new ProblemCode(code));
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }
}

/// <summary>
/// Turns what the framework throws for unreadable input (malformed JSON, a body over the limit) into a
/// 400 or 413 problem. Anything else falls through to the generic handler: a 500 without a stack trace.
/// </summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var status = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? 413 : 400;
        var detail = status == 413
            ? "The request body is larger than this endpoint accepts."
            : bad.InnerException is JsonException json
                ? $"The request body is not valid JSON for this call{(json.Path is { } path ? $" (at {path})" : "")}."
                : "The request could not be read.";
        await Problems.WriteAsync(context, status, ProblemCodes.InvalidRequest, detail);
        return true;
    }
}
