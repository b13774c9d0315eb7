using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.Http;

/// <summary>The <c>/v1</c> API's reading of an <see cref="Outcome{T}"/>: a refusal becomes its problem document.</summary>
internal static class OutcomeResults
{
    private static readonly Dictionary<OutcomeKind, int> Statuses = new()
    {
        [OutcomeKind.Invalid] = 400,
        [OutcomeKind.Refused] = 403,
        [OutcomeKind.NotFound] = 404,
        [OutcomeKind.Conflict] = 409,
        [OutcomeKind.Stale] = 412,
        [OutcomeKind.Unauthenticated] = 401,
        [OutcomeKind.Throttled] = 429,
        [OutcomeKind.Unavailable] = 503,
    };

    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome)
    {
        if (outcome.Succeeded)
        {
            throw new InvalidOperationException("A successful outcome has no problem document.");
        }
        return outcome.Errors is { } errors ? Problems.Invalid(errors) : Problems.Create(Statuses[outcome.Kind], outcome.Code!, outcome.Detail!);
    }

    /// <summary>200 with the outcome's value, or the refusal's problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();

    /// <summary>The refusal's problem, with <c>Retry-After</c> on the response when the outcome says when to come back.</summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome, HttpResponse response)
    {
        if (outcome.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return outcome.ToProblem();
    }
}
