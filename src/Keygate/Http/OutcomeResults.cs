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
    };

    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome)
    {
        if (outcome.Succeeded)
        {
            throw new InvalidOperationException("A successful outcome has no problem document.");
        }
        return outcome.Errors is { } errors ? Problems.Invalid(errors) : Problems.Create(Statuses[outcome.Kind], outcome.Code!, outcome.Detail!);
    }
}
